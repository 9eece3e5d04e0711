// Vitest's JSON report (`--reporter=json`): which tests ran in which file, and whether any
// file or suite failed where no test did (a syntax error, a failing `beforeAll`, a worker
// that died). Errors outside every test (unhandled rejections) are not in the report at
// all; only Vitest's exit code tells of them, so the run's verdict weighs that too.
import { relative } from "node:path";

import { isRecord, isRecordArray, isStringArray, type JsonRecord } from "./json-shape.ts";
import type { ReportFile } from "./read-report.ts";
import {
  unusableReport,
  type ParsedReport,
  type TestRecord,
  type TestStatus,
} from "./test-record.ts";

// Vitest's statuses: "pending" is a test still queued or running when the report was
// written, which only happens when its file never finished (and that file then fails).
const STATUSES: Readonly<Record<string, TestStatus>> = {
  passed: "passed",
  failed: "failed",
  skipped: "skipped",
  pending: "skipped",
  todo: "skipped",
};

/**
 * Reads a Vitest JSON report into test records (file paths made relative to `root`) and
 * the problems it shows outside any test. A report of another shape is itself a problem.
 */
export function parseVitestReport(file: ReportFile, root: string): ParsedReport {
  if (!file.ok) return unusableReport(file.problem);
  const { data } = file;
  if (
    !isRecord(data) ||
    typeof data.success !== "boolean" ||
    typeof data.numFailedTestSuites !== "number" ||
    !isRecordArray(data.testResults)
  ) {
    return unusableReport("Vitest's report is not a Vitest JSON report");
  }

  const tests: TestRecord[] = [];
  const problems: string[] = [];
  for (const result of data.testResults) {
    const parsed = fileResults(result, root);
    if (typeof parsed === "string") return unusableReport(`Vitest's report: ${parsed}`);
    tests.push(...parsed.tests);
    problems.push(...parsed.problems);
  }

  const failedTests = tests.filter((test) => test.status === "failed").length;
  if (
    (!data.success || data.numFailedTestSuites > 0) &&
    failedTests === 0 &&
    problems.length === 0
  ) {
    problems.push(
      `Vitest reported a failed run (${String(data.numFailedTestSuites)} failed suites) without any failed test`,
    );
  }
  return { tests, problems };
}

/** One file's entry: its tests, and a problem when the file failed though none of them did. */
function fileResults(result: JsonRecord, root: string): ParsedReport | string {
  const { name, status, message, assertionResults } = result;
  if (typeof name !== "string" || typeof status !== "string" || !isRecordArray(assertionResults)) {
    return "a file entry without name, status or tests";
  }
  const file = relative(root, name).split("\\").join("/");
  const tests: TestRecord[] = [];
  for (const assertion of assertionResults) {
    const { ancestorTitles, title } = assertion;
    if (!isStringArray(ancestorTitles) || typeof title !== "string") {
      return `a test without titles in ${file}`;
    }
    // An unknown status is not a pass: count it against the run.
    const testStatus = STATUSES[String(assertion.status)] ?? "failed";
    tests.push({ file, titles: [...ancestorTitles, title], status: testStatus });
  }
  const problems =
    status === "failed" && !tests.some((test) => test.status === "failed")
      ? [`${file} failed outside its tests: ${firstLine(message) || "no message"}`]
      : [];
  return { tests, problems };
}

function firstLine(message: unknown): string {
  return typeof message === "string" ? (message.split("\n")[0] ?? "").trim() : "";
}
