import { describe, expect, it } from "vitest";

import { parsePlaywrightReport } from "./playwright-report.ts";
import { playwrightReport, ROOT } from "./report-fixtures.ts";

describe("parsePlaywrightReport", () => {
  it("reads each test's file (relative to the root), describe titles and status", () => {
    const report = playwrightReport([
      { file: "01-a.spec.ts", titles: ["signs up"], status: "expected" },
      { file: "01-a.spec.ts", titles: ["CS-01 group", "inner", "refused"], status: "unexpected" },
      { file: "02-b.spec.ts", titles: ["retried"], status: "flaky" },
      { file: "02-b.spec.ts", titles: ["not today"], status: "skipped" },
    ]);
    expect(parsePlaywrightReport(report, ROOT)).toEqual({
      tests: [
        { file: "e2e/journeys/01-a.spec.ts", titles: ["signs up"], status: "passed" },
        {
          file: "e2e/journeys/01-a.spec.ts",
          titles: ["CS-01 group", "inner", "refused"],
          status: "failed",
        },
        { file: "e2e/journeys/02-b.spec.ts", titles: ["retried"], status: "passed" },
        { file: "e2e/journeys/02-b.spec.ts", titles: ["not today"], status: "skipped" },
      ],
      problems: [],
    });
  });

  it("counts an unknown status against the run, never as a pass", () => {
    const report = playwrightReport([
      { file: "a.spec.ts", titles: ["odd"], status: "interrupted" },
    ]);
    expect(parsePlaywrightReport(report, ROOT).tests[0]?.status).toBe("failed");
  });

  it("makes each error of a global set-up that failed a problem, though no test failed", () => {
    const report = playwrightReport(
      [],
      [
        {
          message:
            "\u001b[31mError: landing did not start: no answer on http://127.0.0.1:41234 within 30000 ms\u001b[39m\n\n   at startApp",
        },
      ],
    );
    expect(parsePlaywrightReport(report, ROOT)).toEqual({
      tests: [],
      problems: [
        "Playwright: Error: landing did not start: no answer on http://127.0.0.1:41234 within 30000 ms",
      ],
    });
  });

  it("makes a spec file that does not load a problem, beside the tests that ran", () => {
    const report = playwrightReport(
      [{ file: "01-a.spec.ts", titles: ["signs up"], status: "expected" }],
      [{ message: "SyntaxError: 02-b.spec.ts: Unexpected token (3:1)" }, { message: "" }],
    );
    expect(parsePlaywrightReport(report, ROOT).problems).toEqual([
      "Playwright: SyntaxError: 02-b.spec.ts: Unexpected token (3:1)",
      "Playwright: an error outside any test",
    ]);
  });

  it("passes on the reader's problem: a missing or malformed report", () => {
    expect(
      parsePlaywrightReport({ ok: false, problem: "Playwright wrote no report" }, ROOT),
    ).toEqual({
      tests: [],
      problems: ["Playwright wrote no report"],
    });
  });

  it.each([
    ["null", null],
    ["a Vitest report", { success: true, numFailedTestSuites: 0, testResults: [] }],
    ["no errors list", { config: { rootDir: "/repo/e2e" }, suites: [] }],
    ["no rootDir", { config: {}, suites: [], errors: [] }],
    [
      "a spec without tests",
      {
        config: { rootDir: "/repo/e2e" },
        errors: [],
        suites: [{ title: "a", file: "a", specs: [{ title: "x", file: "a" }] }],
      },
    ],
    [
      "a describe without a title",
      {
        config: { rootDir: "/repo/e2e" },
        errors: [],
        suites: [{ title: "a", file: "a", suites: [{ specs: [] }] }],
      },
    ],
  ])("makes a report of another shape a problem: %s", (_label, data) => {
    const parsed = parsePlaywrightReport({ ok: true, data }, ROOT);
    expect(parsed.tests).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatch(/^Playwright's report/);
  });
});
