import { readFileSync } from "node:fs";

/** A runner's JSON report as read from disk: its parsed content, or why there is none. */
export type ReportFile = { ok: true; data: unknown } | { ok: false; problem: string };

/**
 * Reads and parses a JSON report. A missing, unreadable or malformed report is a value, not
 * an exception: the test command counts it as a failure and carries on to the totals.
 */
export function readReport(path: string, runner: string): ReportFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      problem:
        code === "ENOENT"
          ? `${runner} wrote no report (${path})`
          : `${runner}'s report could not be read (${code ?? String(error)})`,
    };
  }
  return parseReport(text, runner);
}

/** Parses a report's text; anything but JSON is a problem. */
export function parseReport(text: string, runner: string): ReportFile {
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      problem: `${runner}'s report is not valid JSON (${(error as Error).message})`,
    };
  }
}
