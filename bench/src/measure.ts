export interface Measurement {
  ops: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Runs `operation` from `concurrency` loops for `durationMs` and reports throughput and
 * latency percentiles. Every call is awaited; errors abort the run (a benchmark of
 * failures measures nothing).
 */
export async function measure(
  operation: () => Promise<unknown>,
  options: { concurrency: number; durationMs: number },
): Promise<Measurement> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + options.durationMs;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const begin = performance.now();
      await operation();
      latencies.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const elapsedSeconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    ops: latencies.length,
    opsPerSecond: latencies.length / elapsedSeconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

/** The run with the median throughput of several. */
export function median(runs: Measurement[]): Measurement {
  const sorted = [...runs].sort((a, b) => a.opsPerSecond - b.opsPerSecond);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error("no runs to take the median of");
  return middle;
}

/**
 * Measures several contenders side by side: round after round, each contender once per
 * round in turn, so that drift in the machine's speed hits them all alike. Reports each
 * contender's median run.
 */
export async function sideBySide<Name extends string>(
  contenders: Record<Name, () => Promise<unknown>>,
  options: { concurrency: number; durationMs: number; rounds: number },
): Promise<Record<Name, Measurement>> {
  const names = Object.keys(contenders) as Name[];
  const runs = new Map<Name, Measurement[]>(names.map((name) => [name, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const name of names) runs.get(name)?.push(await measure(contenders[name], options));
  }
  return Object.fromEntries(names.map((name) => [name, median(runs.get(name) ?? [])])) as Record<
    Name,
    Measurement
  >;
}
