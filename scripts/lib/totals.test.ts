// Each way a run could print "N passed, 0 failed" and exit 0 while tests did not run, from
// the runners' reports and exit codes to the last line, as scripts/test.ts puts them together.
import { describe, expect, it } from "vitest";

import { judgeRun } from "./judge-run.ts";
import { parsePlaywrightReport } from "./playwright-report.ts";
import { parseReport, type ReportFile } from "./read-report.ts";
import { passing, playwrightReport, ROOT, vitestReport, type FakeSpec } from "./report-fixtures.ts";
import { judgeSecurityCoverage, skippedSecurityCoverage } from "./security-coverage.ts";
import type { Suite } from "./test-floors.ts";
import {
  exitCodeFor,
  failedStep,
  formatTotals,
  sumVerdicts,
  type Totals,
  type Verdict,
} from "./totals.ts";
import { parseVitestReport } from "./vitest-report.ts";

const VITEST_SUITES: Suite[] = [
  { name: "auth", dir: "packages/auth", floor: 2 },
  { name: "web", dir: "apps/web", floor: 2 },
];
const PLAYWRIGHT_SUITES: Suite[] = [{ name: "e2e", dir: "e2e", floor: 2 }];
const CASES = [{ id: "CS-01", files: ["apps/web/test/csrf.test.ts"] }];

const GOOD_VITEST = vitestReport({
  "packages/auth/src/a.test.ts": passing(2),
  "apps/web/test/csrf.test.ts": [
    { titles: ["CS-01: a foreign origin is refused"], status: "passed" },
    { titles: ["the same origin is let through"], status: "passed" },
  ],
});
const GOOD_SPECS: FakeSpec[] = [
  { file: "01-a.spec.ts", titles: ["signs up"], status: "expected" },
  { file: "02-b.spec.ts", titles: ["signs out"], status: "expected" },
];

interface Run {
  vitest?: ReportFile;
  vitestExit?: number;
  playwright?: ReportFile;
  playwrightExit?: number;
  filtered?: boolean;
}

/** The totals line and exit code of a whole run, put together as scripts/test.ts does. */
function outcome(run: Run): { line: string; exitCode: number; messages: string[] } {
  const filtered = run.filtered ?? false;
  const vitest = parseVitestReport(run.vitest ?? GOOD_VITEST, ROOT);
  const verdicts: Verdict[] = [
    judgeRun({
      runner: "Vitest",
      exitCode: run.vitestExit ?? 0,
      report: vitest,
      suites: VITEST_SUITES,
      checkFloors: !filtered,
    }),
  ];
  if (filtered) {
    verdicts.push(skippedSecurityCoverage());
  } else {
    const playwright = parsePlaywrightReport(run.playwright ?? playwrightReport(GOOD_SPECS), ROOT);
    verdicts.push(
      judgeRun({
        runner: "Playwright",
        exitCode: run.playwrightExit ?? 0,
        report: playwright,
        suites: PLAYWRIGHT_SUITES,
        checkFloors: true,
      }),
      judgeSecurityCoverage(CASES, [...vitest.tests, ...playwright.tests], 1),
    );
  }
  const { totals, messages } = sumVerdicts(verdicts);
  return { line: formatTotals(totals), exitCode: exitCodeFor(totals), messages };
}

describe("a run that went right", () => {
  it("passes: every test, the coverage check as one more", () => {
    expect(outcome({})).toEqual({ line: "7 passed, 0 failed", exitCode: 0, messages: [] });
  });

  it("passes filtered, with the coverage check skipped and no floor checked", () => {
    const vitest = vitestReport({ "apps/web/test/csrf.test.ts": passing(1) });
    expect(outcome({ vitest, filtered: true })).toMatchObject({
      line: "1 passed, 0 failed, 1 skipped",
      exitCode: 0,
    });
  });
});

describe("each way a run could look clean, and fails instead", () => {
  it("Playwright's global set-up failed: a report with no tests and errors[]", () => {
    const playwright = playwrightReport(
      [],
      [{ message: "Error: landing did not start: no answer within 30000 ms" }],
    );
    const result = outcome({ playwright, playwrightExit: 1 });
    expect(result.line).toBe("5 passed, 2 failed");
    expect(result.exitCode).toBe(1);
    expect(result.messages).toEqual([
      "Playwright: Error: landing did not start: no answer within 30000 ms",
      'Playwright suite "e2e" ran 0 tests, under its floor of 2',
    ]);
  });

  it("a spec with a syntax error: errors[] beside the tests that ran", () => {
    const playwright = playwrightReport(GOOD_SPECS, [{ message: "SyntaxError: 03-c.spec.ts" }]);
    expect(outcome({ playwright, playwrightExit: 1 })).toMatchObject({
      line: "7 passed, 1 failed",
      exitCode: 1,
    });
  });

  it("Vitest's failed suites with 0 failed tests", () => {
    const vitest = vitestReport(
      {
        "packages/auth/src/a.test.ts": passing(2),
        "apps/web/test/csrf.test.ts": [
          { titles: ["CS-01: refused"], status: "passed" },
          ...passing(1),
        ],
      },
      { numFailedTestSuites: 1, success: false },
    );
    expect(outcome({ vitest, vitestExit: 1 })).toMatchObject({
      line: "7 passed, 1 failed",
      exitCode: 1,
    });
  });

  it("a Vitest file that failed to load, its tests never counted", () => {
    const vitest = vitestReport(
      {
        "packages/auth/src/a.test.ts": passing(2),
        "apps/web/test/csrf.test.ts": [
          { titles: ["CS-01: refused"], status: "passed" },
          ...passing(1),
        ],
        "apps/web/test/broken.test.ts": [],
      },
      { failedFiles: { "apps/web/test/broken.test.ts": "SyntaxError: Unexpected token" } },
    );
    expect(outcome({ vitest, vitestExit: 1 })).toMatchObject({
      line: "7 passed, 1 failed",
      exitCode: 1,
    });
  });

  it("Vitest's unhandled errors: a clean report, a non-zero exit", () => {
    expect(outcome({ vitestExit: 1 })).toMatchObject({ line: "7 passed, 1 failed", exitCode: 1 });
  });

  it("Playwright's non-zero exit with a clean report", () => {
    expect(outcome({ playwrightExit: 1 })).toMatchObject({
      line: "7 passed, 1 failed",
      exitCode: 1,
    });
  });

  it.each([
    ["Vitest", { vitest: { ok: false, problem: "Vitest wrote no report" } }],
    ["Playwright", { playwright: { ok: false, problem: "Playwright wrote no report" } }],
  ] as const)("a missing %s report", (_runner, run) => {
    const result = outcome({ ...run });
    expect(result.exitCode).toBe(1);
    expect(result.messages).toContain(`${_runner} wrote no report`);
  });

  it("a malformed Vitest report", () => {
    const result = outcome({ vitest: parseReport('{"numPassedTests": 1037, "testRes', "Vitest") });
    expect(result.exitCode).toBe(1);
    expect(result.messages[0]).toMatch(/^Vitest's report is not valid JSON/);
  });

  it("a report of the wrong runner where Playwright's should be", () => {
    const result = outcome({ playwright: GOOD_VITEST });
    expect(result.exitCode).toBe(1);
    expect(result.messages[0]).toBe("Playwright's report is not a Playwright JSON report");
  });

  it("a project under its floor while the others ran", () => {
    const vitest = vitestReport({
      "packages/auth/src/a.test.ts": passing(1),
      "apps/web/test/csrf.test.ts": [
        { titles: ["CS-01: refused"], status: "passed" },
        ...passing(1),
      ],
    });
    expect(outcome({ vitest })).toMatchObject({
      line: "6 passed, 1 failed",
      exitCode: 1,
      messages: ['Vitest suite "auth" ran 1 tests, under its floor of 2'],
    });
  });

  it("zero browser tests while Vitest has plenty", () => {
    const result = outcome({ playwright: playwrightReport([]) });
    expect(result).toMatchObject({ line: "5 passed, 1 failed", exitCode: 1 });
  });

  it("a security case whose test failed: the test and the coverage check both fail", () => {
    const vitest = vitestReport({
      "packages/auth/src/a.test.ts": passing(2),
      "apps/web/test/csrf.test.ts": [
        { titles: ["CS-01: a foreign origin is refused"], status: "failed" },
        ...passing(1),
      ],
    });
    expect(outcome({ vitest, vitestExit: 1 })).toMatchObject({
      line: "5 passed, 2 failed",
      exitCode: 1,
    });
  });

  it("a security case named only in a comment (no title names it)", () => {
    const vitest = vitestReport({
      "packages/auth/src/a.test.ts": passing(2),
      "apps/web/test/csrf.test.ts": passing(2),
    });
    expect(outcome({ vitest })).toMatchObject({
      line: "6 passed, 1 failed",
      messages: [
        "docs/security.md: not every case is proved by a passed test that names it",
        "  CS-01: no test title names it",
      ],
    });
  });

  it("the build failed or the command broke: a failure, and nothing passed", () => {
    const { totals } = sumVerdicts([
      failedStep("the build failed (exit code 2); no tests were run"),
    ]);
    expect(formatTotals(totals)).toBe("0 passed, 1 failed");
    expect(exitCodeFor(totals)).toBe(1);
  });
});

describe("formatTotals and exitCodeFor", () => {
  it.each<[Totals, string, number]>([
    [{ passed: 3, failed: 0, skipped: 0 }, "3 passed, 0 failed", 0],
    [{ passed: 3, failed: 0, skipped: 2 }, "3 passed, 0 failed, 2 skipped", 0],
    [{ passed: 3, failed: 1, skipped: 0 }, "3 passed, 1 failed", 1],
    [{ passed: 0, failed: 0, skipped: 0 }, "0 passed, 0 failed", 1],
    [{ passed: 0, failed: 0, skipped: 5 }, "0 passed, 0 failed, 5 skipped", 1],
  ])("%j → %s, exit %i", (totals, line, exitCode) => {
    expect(formatTotals(totals)).toBe(line);
    expect(exitCodeFor(totals)).toBe(exitCode);
  });
});
