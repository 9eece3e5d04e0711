// Fabricated runner reports for the test command's own tests: the shapes Vitest's and
// Playwright's JSON reporters write, cut down to what the command reads.
import type { ReportFile } from "./read-report.ts";

export const ROOT = "/repo";

export interface FakeTest {
  titles: string[];
  status: string;
}

/** A Vitest JSON report; `files` maps a path under ROOT to its tests. */
export function vitestReport(
  files: Record<string, FakeTest[]>,
  overrides: {
    success?: boolean;
    numFailedTestSuites?: number;
    failedFiles?: Record<string, string>;
  } = {},
): ReportFile {
  const testResults = Object.entries(files).map(([file, tests]) => {
    const failedMessage = overrides.failedFiles?.[file];
    const anyFailed = tests.some((test) => test.status === "failed");
    return {
      name: `${ROOT}/${file}`,
      status: failedMessage !== undefined || anyFailed ? "failed" : "passed",
      message: failedMessage ?? "",
      startTime: 0,
      endTime: 1,
      assertionResults: tests.map((test) => ({
        ancestorTitles: test.titles.slice(0, -1),
        title: test.titles.at(-1) ?? "",
        fullName: test.titles.join(" "),
        status: test.status,
        failureMessages: [],
      })),
    };
  });
  const all = Object.values(files).flat();
  const failedTests = all.filter((test) => test.status === "failed").length;
  const failedFiles = testResults.filter((result) => result.status === "failed").length;
  return {
    ok: true,
    data: {
      numTotalTests: all.length,
      numPassedTests: all.filter((test) => test.status === "passed").length,
      numFailedTests: failedTests,
      numPendingTests: all.filter((test) => test.status === "skipped").length,
      numTodoTests: 0,
      numFailedTestSuites: overrides.numFailedTestSuites ?? failedFiles,
      success: overrides.success ?? (failedTests === 0 && failedFiles === 0),
      testResults,
    },
  };
}

/** `count` passing tests named `test 1`, `test 2`, … */
export function passing(count: number, prefix = "test"): FakeTest[] {
  return Array.from({ length: count }, (_, index) => ({
    titles: [`${prefix} ${String(index + 1)}`],
    status: "passed",
  }));
}

export interface FakeSpec {
  /** Relative to the test directory, `${ROOT}/e2e/journeys`. */
  file: string;
  /** Enclosing `describe` titles, then the test's title. */
  titles: string[];
  status: string;
}

/** A Playwright JSON report with its test directory at `${ROOT}/e2e/journeys`. */
export function playwrightReport(
  specs: FakeSpec[],
  errors: { message: string }[] = [],
): ReportFile {
  const byFile = new Map<string, FakeSpec[]>();
  for (const spec of specs) byFile.set(spec.file, [...(byFile.get(spec.file) ?? []), spec]);
  const suites = [...byFile].map(([file, fileSpecs]) => ({
    title: file,
    file,
    specs: fileSpecs.filter((spec) => spec.titles.length === 1).map((spec) => specOf(spec)),
    suites: fileSpecs
      .filter((spec) => spec.titles.length > 1)
      .map((spec) => describeOf(spec, spec.titles)),
  }));
  const count = (status: string): number => specs.filter((spec) => spec.status === status).length;
  return {
    ok: true,
    data: {
      config: { rootDir: `${ROOT}/e2e/journeys` },
      suites,
      errors,
      stats: {
        expected: count("expected"),
        unexpected: count("unexpected"),
        flaky: count("flaky"),
        skipped: count("skipped"),
      },
    },
  };
}

function specOf(spec: FakeSpec) {
  return {
    title: spec.titles.at(-1) ?? "",
    file: spec.file,
    ok: spec.status !== "unexpected",
    tests: [{ status: spec.status, expectedStatus: "passed", results: [] }],
  };
}

function describeOf(spec: FakeSpec, titles: string[]): Record<string, unknown> {
  const [title = "", ...rest] = titles;
  return rest.length === 1
    ? { title, file: spec.file, specs: [specOf(spec)], suites: [] }
    : { title, file: spec.file, specs: [], suites: [describeOf(spec, rest)] };
}
