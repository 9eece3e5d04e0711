// Playwright's JSON report (`--reporter=json`): suites nested per file and `describe`, specs
// with one test per project, and `errors[]` for what failed outside every test — a global
// set-up that threw, a spec file that did not load, a `.only` under `forbidOnly`. Any such
// error leaves the suites empty, so it must count as a failure or the run would look clean.
import { relative, resolve } from "node:path";

import { isRecord, isRecordArray, type JsonRecord } from "./json-shape.ts";
import type { ReportFile } from "./read-report.ts";
import {
  unusableReport,
  type ParsedReport,
  type TestRecord,
  type TestStatus,
} from "./test-record.ts";

// A test's outcome over its retries: "flaky" passed in the end.
const STATUSES: Readonly<Record<string, TestStatus>> = {
  expected: "passed",
  flaky: "passed",
  unexpected: "failed",
  skipped: "skipped",
};

/**
 * Reads a Playwright JSON report into test records (file paths made relative to `root`) and
 * one problem per error reported outside any test. A report of another shape is a problem.
 */
export function parsePlaywrightReport(file: ReportFile, root: string): ParsedReport {
  if (!file.ok) return unusableReport(file.problem);
  const { data } = file;
  if (
    !isRecord(data) ||
    !isRecord(data.config) ||
    typeof data.config.rootDir !== "string" ||
    !isRecordArray(data.suites) ||
    !Array.isArray(data.errors)
  ) {
    return unusableReport("Playwright's report is not a Playwright JSON report");
  }
  const testDir = data.config.rootDir;
  const tests: TestRecord[] = [];
  for (const fileSuite of data.suites) {
    // The outer suite is the file itself; its title is the file name, not a `describe`.
    const collected = collect(fileSuite, [], testDir, root);
    if (typeof collected === "string") return unusableReport(`Playwright's report: ${collected}`);
    tests.push(...collected);
  }
  const problems = data.errors.map((error) => `Playwright: ${errorLine(error)}`);
  return { tests, problems };
}

function collect(
  suite: JsonRecord,
  titles: string[],
  testDir: string,
  root: string,
): TestRecord[] | string {
  const specs = suite.specs ?? [];
  const suites = suite.suites ?? [];
  if (!isRecordArray(specs) || !isRecordArray(suites)) return "a suite without specs";
  const tests: TestRecord[] = [];
  for (const spec of specs) {
    const { title, file, tests: runs } = spec;
    if (typeof title !== "string" || typeof file !== "string" || !isRecordArray(runs)) {
      return "a spec without title, file or tests";
    }
    const path = relative(root, resolve(testDir, file)).split("\\").join("/");
    for (const run of runs) {
      // An unknown status is not a pass: count it against the run.
      const status = STATUSES[String(run.status)] ?? "failed";
      tests.push({ file: path, titles: [...titles, title], status });
    }
  }
  for (const child of suites) {
    if (typeof child.title !== "string") return "a describe without a title";
    const nested = collect(child, [...titles, child.title], testDir, root);
    if (typeof nested === "string") return nested;
    tests.push(...nested);
  }
  return tests;
}

function errorLine(error: unknown): string {
  const message = isRecord(error) && typeof error.message === "string" ? error.message : "";
  // Playwright colours its messages for the terminal.
  // eslint-disable-next-line no-control-regex
  const plain = message.replace(/\u001b\[[0-9;]*m/g, "");
  const line = plain.split("\n").find((text) => text.trim() !== "") ?? "";
  return line.trim() || "an error outside any test";
}
