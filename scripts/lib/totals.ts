import { existsSync, readFileSync } from "node:fs";

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

export const noTotals = (): Totals => ({ passed: 0, failed: 0, skipped: 0 });

export function addTotals(a: Totals, b: Totals): Totals {
  return {
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    skipped: a.skipped + b.skipped,
  };
}

/** Counts from Vitest's JSON reporter. A missing report counts as one failure. */
export function vitestTotals(reportPath: string): Totals {
  if (!existsSync(reportPath)) return { ...noTotals(), failed: 1 };
  const report = JSON.parse(readFileSync(reportPath, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  return {
    passed: report.numPassedTests,
    // A file that fails to load has no tests but must still fail the run.
    failed: report.numFailedTests + (report.numFailedTests === 0 ? report.numFailedTestSuites : 0),
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/** Counts from Playwright's JSON reporter. A missing report counts as one failure. */
export function playwrightTotals(reportPath: string): Totals {
  if (!existsSync(reportPath)) return { ...noTotals(), failed: 1 };
  const { stats } = JSON.parse(readFileSync(reportPath, "utf8")) as {
    stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  };
  return {
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected,
    skipped: stats.skipped,
  };
}

export function formatTotals({ passed, failed, skipped }: Totals): string {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}
