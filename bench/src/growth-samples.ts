// The runs of the growth benchmark (bench/src/growth.ts): what one run records, and how a
// size's runs of one operation are summarized and written in its tables.
import { percentile } from "./measure.ts";

export type Outcome = "ok" | "unavailable" | "timed out" | "error" | "not run";
export interface Sample {
  /** Until the kit answered, whatever the answer. */
  ms: number;
  outcome: Outcome;
  detail?: string;
}

export interface Summary {
  /** Runs made (runs not made after a streak of failures are left out). */
  runs: number;
  notRun: number;
  p50Ms: number;
  p95Ms: number;
  failures: Partial<Record<"unavailable" | "timed out" | "error", number>>;
  failed: number;
}

export const madeRuns = (samples: Sample[]): Sample[] =>
  samples.filter((sample) => sample.outcome !== "not run");

export function summarize(samples: Sample[]): Summary {
  const made = madeRuns(samples);
  const sorted = made.map((sample) => sample.ms).sort((a, b) => a - b);
  const failures: Summary["failures"] = {};
  for (const { outcome } of made) {
    if (outcome !== "ok" && outcome !== "not run") failures[outcome] = (failures[outcome] ?? 0) + 1;
  }
  return {
    runs: made.length,
    notRun: samples.length - made.length,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    failures,
    failed: made.filter((sample) => sample.outcome !== "ok").length,
  };
}

/** Whether the median is the time of a failure: then it is a lower bound of the real time. */
export const medianFailed = (summary: Summary): boolean => summary.failed * 2 >= summary.runs;

/** The chance that a run of `a` answered before a run of `b` (ties count half). */
export function answersFirst(a: Sample[], b: Sample[]): number {
  let wins = 0;
  for (const x of a) for (const y of b) wins += x.ms < y.ms ? 1 : x.ms === y.ms ? 0.5 : 0;
  return wins / (a.length * b.length);
}

export const ms = (value: number): string =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
export const count = (n: number): string => n.toLocaleString("en-US");

export function failuresOf(summary: Summary): string {
  const failed = Object.entries(summary.failures).map(([outcome, n]) => `${String(n)} ${outcome}`);
  if (failed.length === 0) return "";
  const notRun =
    summary.notRun > 0 ? `; not run ${String(summary.notRun)} more times after that` : "";
  return `${failed.join(", ")} of ${String(summary.runs)}${notRun}`;
}

export function cell(summary: Summary): string {
  const failures = failuresOf(summary);
  return `${ms(summary.p50Ms)} / ${ms(summary.p95Ms)}${failures ? ` (${failures})` : ""}`;
}
