// Every case of docs/security.md is proved by at least one test that names it.
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TEST_DIRS = ["apps", "packages", "e2e/journeys", "security"];

async function testFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(test|spec)\.ts$/.test(entry.name))
    .filter((entry) => !entry.parentPath.includes("node_modules"))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

describe("docs/security.md", () => {
  it("every case ID is named by at least one test", async () => {
    const doc = await readFile(join(ROOT, "docs/security.md"), "utf8");
    const ids = [...doc.matchAll(/^\| ([A-Z]{2}-\d{2}) \|/gm)].map((match) => match[1] ?? "");
    expect(ids.length).toBeGreaterThanOrEqual(50);

    const files = (await Promise.all(TEST_DIRS.map(testFiles))).flat();
    const sources = await Promise.all(files.map((file) => readFile(join(ROOT, file), "utf8")));
    const untested = ids.filter((id) => !sources.some((source) => source.includes(id)));
    expect(untested).toEqual([]);
  });
});
