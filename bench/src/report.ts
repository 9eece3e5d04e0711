import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { machineLine, type Machine } from "./machine.ts";
import { percentile, type Measurement } from "./measure.ts";

/** A ratio of throughput the kit aims for against another contender of the same table. */
export interface Target {
  against: string;
  /** 0.85: at least 85 % of the other's ops/s; 1: at least level with it (ahead or even). */
  atLeast: number;
}

export interface Row {
  benchmark: string;
  contender: string;
  /** In-process loops, or HTTP connections. */
  concurrency: number;
  measurement: Measurement;
  /** The contender this one is compared with first (the limit); absent for the limit itself. */
  limit?: string;
  /** Further contenders (peers) to give this one's ratio to. */
  versus?: string[];
  targets?: Target[];
  /** Peak resident memory of the server process under load (HTTP only). */
  peakRssMiB?: number;
}

export interface Ratio {
  against: string;
  ratio: number;
}

export interface TargetResult extends Target {
  ratio: number;
  met: boolean;
}

export interface Comparison extends Row {
  /** Ratio of ops/s to the limit, then to each of `versus`. */
  ratios: Ratio[];
  targetResults: TargetResult[];
}

/**
 * The ratio of one contender's throughput to another's. When both ran in the same rounds
 * (see `inRounds`), it is the median of the per-round ratios: each run is set against the
 * other's run of the same round, so drift in the machine's speed between rounds (other
 * processes, a busy database) cancels out instead of pairing a slow round with a fast one.
 * Otherwise it is the ratio of the median runs.
 */
export function throughputRatio(a: Measurement, b: Measurement): number {
  const runsA = a.runsOpsPerSecond ?? [];
  const runsB = b.runsOpsPerSecond ?? [];
  if (runsA.length === 0 || runsA.length !== runsB.length) return a.opsPerSecond / b.opsPerSecond;
  const ratios = runsA.map((run, round) => run / (runsB[round] ?? Number.NaN));
  return percentile(
    ratios.sort((x, y) => x - y),
    0.5,
  );
}

/**
 * Adds to each row its ratios to the rows it names: of the same benchmark and concurrency,
 * else the one row of that name and concurrency in another benchmark (an app against its
 * framework's floor).
 */
export function compare(rows: Row[]): Comparison[] {
  const measurementOf = (row: Row, contender: string): Measurement => {
    const named = rows.filter(
      (candidate) => candidate.concurrency === row.concurrency && candidate.contender === contender,
    );
    const other =
      named.find((candidate) => candidate.benchmark === row.benchmark) ??
      (named.length === 1 ? named[0] : undefined);
    // A typo in a contender's name must not silently drop a comparison.
    if (!other) throw new Error(`no row "${contender}" to compare "${row.contender}" with`);
    return other.measurement;
  };
  const ratioTo = (row: Row, contender: string): number =>
    throughputRatio(row.measurement, measurementOf(row, contender));
  return rows.map((row) => {
    const against = [...(row.limit === undefined ? [] : [row.limit]), ...(row.versus ?? [])];
    const ratios = against.map((name) => ({ against: name, ratio: ratioTo(row, name) }));
    const targetResults = (row.targets ?? []).map((target) => {
      const ratio = ratioTo(row, target.against);
      return { ...target, ratio, met: ratio >= target.atLeast };
    });
    return { ...row, ratios, targetResults };
  });
}

export interface TableLabels {
  /** "Benchmark", or "App" for HTTP. */
  benchmark: string;
  /** "ops/s", or "req/s" for HTTP. */
  throughput: string;
  /** "Concurrency", or "Connections" for HTTP. */
  concurrency: string;
}

const DEFAULT_LABELS: TableLabels = {
  benchmark: "Benchmark",
  throughput: "ops/s",
  concurrency: "Concurrency",
};

export const formatRatio = (ratio: number): string => `${ratio.toFixed(2)}×`;

export function describeTarget(result: TargetResult): string {
  return `≥ ${formatRatio(result.atLeast)} ${result.against} ${result.met ? "✅" : "❌"}`;
}

export function markdownTable(rows: Comparison[], labels: TableLabels = DEFAULT_LABELS): string {
  const withRss = rows.some((row) => row.peakRssMiB !== undefined);
  const limits = new Set(rows.map((row) => row.limit));
  const header = [
    labels.benchmark,
    "Contender",
    labels.concurrency,
    labels.throughput,
    "p50 ms",
    "p99 ms",
    ...(withRss ? ["Peak RSS MiB"] : []),
    "Ratios",
    "Targets",
  ];
  const align = header.map((_, index) =>
    index >= 2 && index < header.length - 2 ? "---:" : "---",
  );
  const lines = [`| ${header.join(" | ")} |`, `| ${align.join(" | ")} |`];
  for (const row of rows) {
    const { opsPerSecond, p50Ms, p99Ms } = row.measurement;
    const ratios =
      row.ratios.length > 0
        ? row.ratios.map((r) => `${formatRatio(r.ratio)} ${r.against}`).join(", ")
        : limits.has(row.contender)
          ? "limit"
          : "";
    const cells = [
      row.benchmark,
      row.contender,
      String(row.concurrency),
      opsPerSecond.toFixed(0),
      p50Ms.toFixed(2),
      p99Ms.toFixed(2),
      ...(withRss ? [row.peakRssMiB === undefined ? "" : row.peakRssMiB.toFixed(0)] : []),
      ratios,
      row.targetResults.map(describeTarget).join("; "),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

export interface Report {
  /** File name without extension: `<name>.md` and `<name>.json`. */
  name: string;
  title: string;
  machine: Machine;
  rows: Comparison[];
  /** How the figures were taken, e.g. "median of 5 runs of 2 s per contender". */
  method: string;
  notes: string[];
  labels?: TableLabels;
  /** Further sections after the notes, e.g. a breakdown that explains a gap. */
  sections?: Section[];
  /**
   * Markdown in place of the throughput table, for a report whose figures are not
   * throughput (its `rows` are then empty), e.g. latencies at two sizes of the data.
   */
  table?: string;
  /** Targets that are not a ratio of throughput, for the index: one line each. */
  verdicts?: Verdict[];
}

/** A target met or missed, in words: what was measured, against which target. */
export interface Verdict {
  /** What the target is about, e.g. an operation. */
  subject: string;
  /** The target, e.g. "≤ 2× its time at 1,000 users". */
  target: string;
  /** The figure measured against it, e.g. "1.30×". */
  measured: string;
  met: boolean;
}

export interface Section {
  title: string;
  markdown: string;
}

/** What `<name>.json` holds; the summary (index and chart) is built from these files. */
export type ReportFile = Omit<Report, "name">;

const RATIO_METHOD =
  "Ratios are the median of the per-round ratios (each run against the other contender's run of the same round), which cancels drift in the machine's speed between rounds; ops/s and latencies are each contender's median run.";

/** Writes `<name>.md` and `<name>.json` into `outDir`, and returns the Markdown. */
export async function writeReport(outDir: string, report: Report): Promise<string> {
  const { name, ...file } = report;
  const markdown = [
    `# ${report.title}`,
    "",
    `Machine: ${machineLine(report.machine)}.`,
    "",
    report.table === undefined
      ? `Method: ${report.method} ${RATIO_METHOD}`
      : `Method: ${report.method}`,
    "",
    report.table ?? markdownTable(report.rows, report.labels),
    "",
    ...report.notes.map((note) => `- ${note}`),
    "",
    ...(report.sections ?? []).flatMap((section) => [
      `## ${section.title}`,
      "",
      section.markdown,
      "",
    ]),
  ].join("\n");
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, `${name}.md`), markdown);
  await writeFile(join(outDir, `${name}.json`), `${JSON.stringify(file, null, 2)}\n`);
  return markdown;
}
