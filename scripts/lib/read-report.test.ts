import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseReport, readReport } from "./read-report.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "read-report-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readReport", () => {
  it("gives the parsed content of a JSON file", async () => {
    const path = join(dir, "good.json");
    await writeFile(path, '{"success":true}');
    expect(readReport(path, "Vitest")).toEqual({ ok: true, data: { success: true } });
  });

  it("makes a missing report a problem, naming the runner", () => {
    const result = readReport(join(dir, "absent.json"), "Playwright");
    expect(result).toEqual({
      ok: false,
      problem: `Playwright wrote no report (${join(dir, "absent.json")})`,
    });
  });

  it("makes an unreadable report a problem (a directory where the file should be)", () => {
    expect(readReport(dir, "Vitest")).toEqual({
      ok: false,
      problem: "Vitest's report could not be read (EISDIR)",
    });
  });

  it("makes a truncated report a problem", async () => {
    const path = join(dir, "truncated.json");
    await writeFile(path, '{"numPassedTests": 12, "testResults": [');
    const result = readReport(path, "Vitest");
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.problem).toMatch(/^Vitest's report is not valid JSON \(/);
  });
});

describe("parseReport", () => {
  it.each([[""], ["not json"], ["{'single': 'quotes'}"], ["<html>"]])(
    "makes %j a problem",
    (text) => {
      expect(parseReport(text, "Vitest").ok).toBe(false);
    },
  );
});
