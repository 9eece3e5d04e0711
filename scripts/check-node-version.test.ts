import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

const guardUrl = new URL("check-node-version.js", import.meta.url);
const guard = fileURLToPath(guardUrl);

/** Runs the guard in a Node that reports `version` as its own. */
function runGuardAs(version: string): { status: number | null; stderr: string } {
  const fakeVersion = `Object.defineProperty(process.versions, "node", { value: ${JSON.stringify(version)} });`;
  const { status, stderr } = spawnSync(
    process.execPath,
    ["--eval", `${fakeVersion} import(${JSON.stringify(guardUrl.href)});`],
    { encoding: "utf8" },
  );
  return { status, stderr };
}

describe("the Node version guard", () => {
  it.each(["22.18.0", "22.22.1", "23.6.0", "24.0.0", "26.1.0"])(
    "lets %s through silently: it strips types by default",
    (version) => {
      expect(runGuardAs(version)).toEqual({ status: 0, stderr: "" });
    },
  );

  it.each([
    ["20.20.2", "22.18"],
    ["22.12.0", "22.18"],
    ["22.17.1", "22.18"],
    ["23.5.0", "23.6"],
    ["18.20.8", "22.18"],
  ])("stops %s with one line saying what to do", (version, floor) => {
    const { status, stderr } = runGuardAs(version);
    expect(status).toBe(1);
    expect(stderr.trimEnd().split("\n")).toEqual([
      `Node.js v${version} is too old for monorepo-auth (it needs ${floor} or later): ` +
        "run `. scripts/use-node24.sh` (or `nvm use` / `fnm use`, which read .nvmrc), then try again.",
    ]);
  });

  it("passes on the Node running these tests", () => {
    const { status } = spawnSync(process.execPath, [guard]);
    expect(status).toBe(0);
  });
});
