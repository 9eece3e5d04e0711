// Whether one runner's run can be believed. Its failed tests count, and so does each way a
// run can look clean while tests did not run: an error outside every test, a file outside
// every known suite, a suite under its floor, or an exit code the report does not explain.
import type { Suite } from "./test-floors.ts";
import { countStatuses, type ParsedReport, type TestRecord } from "./test-record.ts";
import type { Verdict } from "./totals.ts";

export interface RunToJudge {
  /** "Vitest" or "Playwright", for the messages. */
  runner: string;
  exitCode: number;
  report: ParsedReport;
  /** Every suite the runner has; each test file must belong to one. */
  suites: readonly Suite[];
  /** False for a filtered run, which runs only a part on purpose. */
  checkFloors: boolean;
}

/**
 * The totals one run adds: its tests by status, plus one failure per problem. The messages
 * name each problem, for the lines above the totals.
 */
export function judgeRun(run: RunToJudge): Verdict {
  const { tests } = run.report;
  const problems = [
    ...run.report.problems,
    ...filesOutsideSuites(tests, run.suites).map(
      (file) => `${file} belongs to no suite of scripts/lib/test-floors.ts`,
    ),
    ...(run.checkFloors ? suitesUnderFloor(run.runner, tests, run.suites) : []),
  ];
  const totals = countStatuses(tests);
  if (run.exitCode !== 0 && totals.failed === 0 && problems.length === 0) {
    // Vitest's unhandled errors and failed teardowns show only here.
    problems.push(
      `${run.runner} exited with code ${run.exitCode} though its report shows no failure (see its output above)`,
    );
  }
  return {
    totals: { ...totals, failed: totals.failed + problems.length },
    messages: problems,
  };
}

function inSuite(file: string, suite: Suite): boolean {
  return file.startsWith(`${suite.dir}/`);
}

function filesOutsideSuites(tests: readonly TestRecord[], suites: readonly Suite[]): string[] {
  const files = new Set(tests.map((test) => test.file));
  return [...files].filter((file) => !suites.some((suite) => inSuite(file, suite)));
}

function suitesUnderFloor(
  runner: string,
  tests: readonly TestRecord[],
  suites: readonly Suite[],
): string[] {
  return suites.flatMap((suite) => {
    const ran = tests.filter((test) => test.status !== "skipped" && inSuite(test.file, suite));
    return ran.length < suite.floor
      ? [
          `${runner} suite "${suite.name}" ran ${ran.length} tests, under its floor of ${suite.floor}`,
        ]
      : [];
  });
}
