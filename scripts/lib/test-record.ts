// What the test command reads out of a runner's report, whichever runner wrote it.
import type { Totals } from "./totals.ts";

export type TestStatus = "passed" | "failed" | "skipped";

/** One test as a report tells it. */
export interface TestRecord {
  /** The test file, relative to the repository's root, with `/` between folders. */
  file: string;
  /** The enclosing `describe` titles, then the test's own title. */
  titles: string[];
  status: TestStatus;
}

/** A report's tests, and whatever in it says the run went wrong outside any test. */
export interface ParsedReport {
  tests: TestRecord[];
  /** One line each; every one counts as a failure. */
  problems: string[];
}

/** A report that could not be used at all: no tests, one problem. */
export function unusableReport(problem: string): ParsedReport {
  return { tests: [], problems: [problem] };
}

/** Counts records by status. */
export function countStatuses(tests: readonly TestRecord[]): Totals {
  const count = (status: TestStatus): number =>
    tests.filter((test) => test.status === status).length;
  return { passed: count("passed"), failed: count("failed"), skipped: count("skipped") };
}
