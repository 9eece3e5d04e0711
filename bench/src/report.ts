import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { machineLine, type Machine } from "./machine.ts";
import type { Measurement } from "./measure.ts";

export interface Row {
  benchmark: string;
  contender: string;
  concurrency: number;
  measurement: Measurement;
  /** The contender this one is compared with (the limit); absent for the limit itself. */
  limit?: string;
  /** The ratio to the limit that the kit aims for. */
  target?: number;
}

export interface Comparison extends Row {
  ratio: number | null;
  meetsTarget: boolean | null;
}

/** Adds to each row its ratio to the row it names as its limit (same benchmark and concurrency). */
export function compare(rows: Row[]): Comparison[] {
  return rows.map((row) => {
    const limit = rows.find(
      (other) =>
        other.benchmark === row.benchmark &&
        other.concurrency === row.concurrency &&
        other.contender === row.limit,
    );
    const ratio = limit ? row.measurement.opsPerSecond / limit.measurement.opsPerSecond : null;
    const meetsTarget = ratio === null || row.target === undefined ? null : ratio >= row.target;
    return { ...row, ratio, meetsTarget };
  });
}

export function markdownTable(rows: Comparison[]): string {
  const lines = [
    "| Benchmark | Contender | Concurrency | ops/s | p50 ms | p99 ms | Ratio to limit | Target |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const row of rows) {
    const { opsPerSecond, p50Ms, p99Ms } = row.measurement;
    const ratio = row.ratio === null ? "limit" : `${row.ratio.toFixed(2)}×`;
    const target =
      row.target === undefined
        ? ""
        : `≥ ${row.target.toFixed(2)}× ${row.meetsTarget ? "✅" : "❌"}`;
    lines.push(
      `| ${row.benchmark} | ${row.contender} | ${String(row.concurrency)} | ${opsPerSecond.toFixed(0)} | ${p50Ms.toFixed(2)} | ${p99Ms.toFixed(2)} | ${ratio} | ${target} |`,
    );
  }
  return lines.join("\n");
}

/** Writes `<name>.md` and `<name>.json` into `outDir`, and returns the Markdown. */
export async function writeReport(
  outDir: string,
  name: string,
  title: string,
  machine: Machine,
  rows: Comparison[],
  notes: string,
): Promise<string> {
  const markdown = [
    `# ${title}`,
    "",
    `Machine: ${machineLine(machine)}.`,
    "",
    markdownTable(rows),
    "",
    notes,
    "",
  ].join("\n");
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, `${name}.md`), markdown);
  await writeFile(join(outDir, `${name}.json`), `${JSON.stringify({ machine, rows }, null, 2)}\n`);
  return markdown;
}
