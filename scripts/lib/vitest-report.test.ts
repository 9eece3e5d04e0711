import { describe, expect, it } from "vitest";

import { passing, ROOT, vitestReport } from "./report-fixtures.ts";
import { parseVitestReport } from "./vitest-report.ts";

describe("parseVitestReport", () => {
  it("reads each test's file (relative to the root), title path and status", () => {
    const report = vitestReport({
      "packages/auth/src/a.test.ts": [
        { titles: ["outer", "inner", "CS-01: refuses"], status: "passed" },
        { titles: ["fails"], status: "failed" },
        { titles: ["skipped"], status: "skipped" },
        { titles: ["todo"], status: "todo" },
      ],
    });
    expect(parseVitestReport(report, ROOT)).toEqual({
      tests: [
        {
          file: "packages/auth/src/a.test.ts",
          titles: ["outer", "inner", "CS-01: refuses"],
          status: "passed",
        },
        { file: "packages/auth/src/a.test.ts", titles: ["fails"], status: "failed" },
        { file: "packages/auth/src/a.test.ts", titles: ["skipped"], status: "skipped" },
        { file: "packages/auth/src/a.test.ts", titles: ["todo"], status: "skipped" },
      ],
      problems: [],
    });
  });

  it("counts an unknown status against the run, never as a pass", () => {
    const report = vitestReport({
      "scripts/lib/x.test.ts": [{ titles: ["odd"], status: "weird" }],
    });
    expect(parseVitestReport(report, ROOT).tests[0]?.status).toBe("failed");
  });

  it("makes a file that failed with no failed test a problem (a syntax error, a failing beforeAll)", () => {
    const report = vitestReport(
      { "apps/web/test/broken.test.ts": [] },
      {
        failedFiles: {
          "apps/web/test/broken.test.ts": "SyntaxError: Unexpected token '}'\n  at …",
        },
      },
    );
    expect(parseVitestReport(report, ROOT)).toEqual({
      tests: [],
      problems: [
        "apps/web/test/broken.test.ts failed outside its tests: SyntaxError: Unexpected token '}'",
      ],
    });
  });

  it("makes failed suites without a failed test a problem, even when every file says passed", () => {
    const report = vitestReport(
      { "packages/db/src/a.test.ts": passing(3) },
      { numFailedTestSuites: 1, success: false },
    );
    const parsed = parseVitestReport(report, ROOT);
    expect(parsed.tests).toHaveLength(3);
    expect(parsed.problems).toEqual([
      "Vitest reported a failed run (1 failed suites) without any failed test",
    ]);
  });

  it("makes an unsuccessful run with no file at all a problem", () => {
    const parsed = parseVitestReport(vitestReport({}, { success: false }), ROOT);
    expect(parsed.problems).toHaveLength(1);
  });

  it("adds no problem when failed tests explain the failed suites", () => {
    const report = vitestReport({
      "packages/db/src/a.test.ts": [{ titles: ["breaks"], status: "failed" }],
    });
    expect(parseVitestReport(report, ROOT).problems).toEqual([]);
  });

  it("passes on the reader's problem: a missing or malformed report", () => {
    expect(parseVitestReport({ ok: false, problem: "Vitest wrote no report" }, ROOT)).toEqual({
      tests: [],
      problems: ["Vitest wrote no report"],
    });
  });

  it.each([
    ["null", null],
    ["an array", []],
    ["a Playwright report", { config: { rootDir: "/" }, suites: [], errors: [] }],
    ["no testResults", { success: true, numFailedTestSuites: 0 }],
    [
      "a file without tests",
      {
        success: true,
        numFailedTestSuites: 0,
        testResults: [{ name: "/repo/a.test.ts", status: "passed" }],
      },
    ],
    [
      "a test without titles",
      {
        success: true,
        numFailedTestSuites: 0,
        testResults: [
          { name: "/repo/a.test.ts", status: "passed", assertionResults: [{ status: "passed" }] },
        ],
      },
    ],
  ])("makes a report of another shape a problem: %s", (_label, data) => {
    const parsed = parseVitestReport({ ok: true, data }, ROOT);
    expect(parsed.tests).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatch(/^Vitest's report/);
  });
});
