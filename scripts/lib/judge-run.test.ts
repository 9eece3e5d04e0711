import { describe, expect, it } from "vitest";

import { judgeRun } from "./judge-run.ts";
import type { Suite } from "./test-floors.ts";
import type { ParsedReport, TestRecord } from "./test-record.ts";

const SUITES: Suite[] = [
  { name: "auth", dir: "packages/auth", floor: 3 },
  { name: "web", dir: "apps/web", floor: 2 },
];

function tests(file: string, count: number, status: TestRecord["status"] = "passed"): TestRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    file,
    titles: [`test ${String(index)}`],
    status,
  }));
}

function judge(report: ParsedReport, exitCode = 0, checkFloors = true) {
  return judgeRun({ runner: "Vitest", exitCode, report, suites: SUITES, checkFloors });
}

const FULL: ParsedReport = {
  tests: [...tests("packages/auth/src/a.test.ts", 3), ...tests("apps/web/test/b.test.ts", 2)],
  problems: [],
};

describe("judgeRun", () => {
  it("passes a clean run with every suite at its floor", () => {
    expect(judge(FULL)).toEqual({ totals: { passed: 5, failed: 0, skipped: 0 }, messages: [] });
  });

  it("counts failed tests, and no more failures for the exit code they explain", () => {
    const report = {
      ...FULL,
      tests: [...FULL.tests, ...tests("apps/web/test/c.test.ts", 2, "failed")],
    };
    expect(judge(report, 1)).toEqual({
      totals: { passed: 5, failed: 2, skipped: 0 },
      messages: [],
    });
  });

  it("fails a non-zero exit that a clean report does not explain (an unhandled error)", () => {
    expect(judge(FULL, 1)).toEqual({
      totals: { passed: 5, failed: 1, skipped: 0 },
      messages: [
        "Vitest exited with code 1 though its report shows no failure (see its output above)",
      ],
    });
  });

  it("counts each problem of the report as a failure", () => {
    const report = { ...FULL, problems: ["Playwright: global set-up failed", "another"] };
    expect(judge(report, 1).totals).toEqual({ passed: 5, failed: 2, skipped: 0 });
  });

  it("fails a suite under its floor", () => {
    const report = {
      tests: [...tests("packages/auth/src/a.test.ts", 3), ...tests("apps/web/test/b.test.ts", 1)],
      problems: [],
    };
    expect(judge(report)).toEqual({
      totals: { passed: 4, failed: 1, skipped: 0 },
      messages: ['Vitest suite "web" ran 1 tests, under its floor of 2'],
    });
  });

  it("fails a suite that ran nothing while the others ran plenty", () => {
    const report = { tests: tests("packages/auth/src/a.test.ts", 300), problems: [] };
    expect(judge(report).messages).toEqual([
      'Vitest suite "web" ran 0 tests, under its floor of 2',
    ]);
  });

  it("does not count skipped tests towards a floor", () => {
    const report = {
      tests: [
        ...tests("packages/auth/src/a.test.ts", 3),
        ...tests("apps/web/test/b.test.ts", 2, "skipped"),
      ],
      problems: [],
    };
    expect(judge(report)).toEqual({
      totals: { passed: 3, failed: 1, skipped: 2 },
      messages: ['Vitest suite "web" ran 0 tests, under its floor of 2'],
    });
  });

  it("counts failed tests towards a floor: they ran, and fail the run already", () => {
    const report = {
      tests: [
        ...tests("packages/auth/src/a.test.ts", 3),
        ...tests("apps/web/test/b.test.ts", 2, "failed"),
      ],
      problems: [],
    };
    expect(judge(report, 1)).toEqual({
      totals: { passed: 3, failed: 2, skipped: 0 },
      messages: [],
    });
  });

  it("checks no floor in a filtered run", () => {
    const report = { tests: tests("apps/web/test/b.test.ts", 1), problems: [] };
    expect(judge(report, 0, false)).toEqual({
      totals: { passed: 1, failed: 0, skipped: 0 },
      messages: [],
    });
  });

  it("fails a test file that belongs to no suite, filtered or not", () => {
    const report = { ...FULL, tests: [...FULL.tests, ...tests("tools/new/a.test.ts", 4)] };
    for (const checkFloors of [true, false]) {
      expect(judge(report, 0, checkFloors)).toEqual({
        totals: { passed: 9, failed: 1, skipped: 0 },
        messages: ["tools/new/a.test.ts belongs to no suite of scripts/lib/test-floors.ts"],
      });
    }
  });

  it("does not take a folder that only starts like a suite's for that suite", () => {
    const report = { ...FULL, tests: [...FULL.tests, ...tests("apps/website/a.test.ts", 1)] };
    expect(judge(report).messages).toEqual([
      "apps/website/a.test.ts belongs to no suite of scripts/lib/test-floors.ts",
    ]);
  });

  it("fails a missing report: no tests, the reader's problem, every floor short", () => {
    const verdict = judge({ tests: [], problems: ["Vitest wrote no report"] }, 1);
    expect(verdict.totals).toEqual({ passed: 0, failed: 3, skipped: 0 });
    expect(verdict.messages[0]).toBe("Vitest wrote no report");
  });
});
