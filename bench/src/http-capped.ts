// The HTTP suite's small-container phases (bench/src/http.ts): the heap settings tried, how
// the capped runs are made, and the table that compares them with uncapped runs made the
// same way.
import type { HttpMeasurement } from "./load.ts";
import { formatRatio } from "./report.ts";

/**
 * The heap settings tried, each in a phase of its own: V8's old space capped at 96 and at
 * 128 MiB with the young generation's semi-space given explicitly at V8's default for
 * 64-bit (16 MiB), and 160 MiB with 32 MiB semi-spaces.
 */
export const CAPS = [
  "--max-old-space-size=96 --max-semi-space-size=16",
  "--max-old-space-size=128 --max-semi-space-size=16",
  "--max-old-space-size=160 --max-semi-space-size=32",
];
/**
 * The servers restarted once more without NODE_OPTIONS, and loaded exactly as the capped
 * phases are: the uncapped runs the capped ones are compared with.
 */
export const UNCAPPED = "";
export const CAPPED_TIMING = { warmUpMs: 1_000, durationMs: 3_000, rounds: 2 };
/** A small container's memory; the capped runs' peak RSS must stay under it. */
const CONTAINER_MIB = 256;
/** The capped runs' req/s may be this much below the uncapped runs' at most. */
const CAPPED_THROUGHPUT_TARGET = 0.9;

/** One route's median run in one phase, and its server's highest RSS in that phase. */
export interface CappedRun<Name extends string> {
  nodeOptions: string;
  name: Name;
  measurement: HttpMeasurement;
  peakRssMiB: number;
}

export const SMALL_CONTAINER_METHOD = `Every app and floor stopped, then started again with V8's heap capped as one would in a container of ${String(CONTAINER_MIB)} MiB, once for each of these NODE_OPTIONS: ${CAPS.map((caps) => `\`${caps}\``).join(", ")} (16 MiB is V8's default largest semi-space on 64-bit; given explicitly, the young generation's size no longer follows the cap). Only the pages are loaded: ${String(CAPPED_TIMING.rounds)} rounds of ${String(CAPPED_TIMING.durationMs / 1000)} s per route after a ${String(CAPPED_TIMING.warmUpMs / 1000)} s warm-up, the routes alternating. Uncapped: one more phase, first, with every server restarted without NODE_OPTIONS and loaded exactly as in the capped phases (same warm-up, run length and rounds), so that short runs' warm-up costs both sides alike; drift between the phases is not cancelled. req/s: each phase's median run. App CPU ms: the server's CPU time per request in those runs. Peak RSS: the server's highest over its runs in that phase.`;

/** Each capped run against the uncapped run of the same route, with both targets. */
export function smallContainerTable<Name extends string>(
  runs: readonly CappedRun<Name>[],
  serverOf: (name: Name) => string,
): string {
  return [
    `| NODE_OPTIONS | Server | Route | req/s capped | req/s uncapped | Ratio | Target ≥ ${formatRatio(CAPPED_THROUGHPUT_TARGET)} | App CPU ms capped | uncapped | Peak RSS MiB capped | uncapped | Target < ${String(CONTAINER_MIB)} MiB |`,
    "| --- | --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ...runs
      .filter(({ nodeOptions }) => nodeOptions !== UNCAPPED)
      .map(({ nodeOptions, name, measurement, peakRssMiB }) => {
        const reference = runs.find((run) => run.nodeOptions === UNCAPPED && run.name === name);
        if (!reference) throw new Error(`the bench made no uncapped run of ${name}`);
        const uncapped = reference.measurement;
        const ratio = measurement.opsPerSecond / uncapped.opsPerSecond;
        const cells = [
          `\`${nodeOptions}\``,
          serverOf(name),
          name,
          measurement.opsPerSecond.toFixed(0),
          uncapped.opsPerSecond.toFixed(0),
          formatRatio(ratio),
          ratio >= CAPPED_THROUGHPUT_TARGET ? "✅" : "❌",
          measurement.serverCpuMs.toFixed(2),
          uncapped.serverCpuMs.toFixed(2),
          peakRssMiB.toFixed(0),
          reference.peakRssMiB.toFixed(0),
          peakRssMiB < CONTAINER_MIB ? "✅" : "❌",
        ];
        return `| ${cells.join(" | ")} |`;
      }),
  ].join("\n");
}
