export interface Measurement {
  ops: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Throughput of every run the median was taken from, in the order they ran. */
  runsOpsPerSecond?: number[];
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

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

/** The run with the median throughput of several, with the throughput of them all. */
export function median<M extends Measurement>(runs: M[]): M {
  const sorted = [...runs].sort((a, b) => a.opsPerSecond - b.opsPerSecond);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error("no runs to take the median of");
  return { ...middle, runsOpsPerSecond: runs.map((run) => run.opsPerSecond) };
}

/**
 * Runs several contenders in rounds: each once per round, in turn, so that drift in the
 * machine's speed (other processes, thermal limits) hits them all alike. Reports each
 * contender's median run. `run` measures one contender once, however it likes (in-process
 * loops, an HTTP load generator).
 */
export async function inRounds<Name extends string, M extends Measurement>(
  names: readonly Name[],
  run: (name: Name) => Promise<M>,
  rounds: number,
): Promise<Record<Name, M>> {
  const runs = new Map<Name, M[]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names) runs.get(name)?.push(await run(name));
  }
  return Object.fromEntries(names.map((name) => [name, median(runs.get(name) ?? [])])) as Record<
    Name,
    M
  >;
}

export interface SideBySideOptions {
  concurrency: number;
  durationMs: number;
  rounds: number;
  /**
   * An unrecorded run of each contender first, so that none pays for JIT compilation,
   * connection pools filling up or a cold database cache in its first recorded run.
   */
  warmUpMs?: number;
}

/**
 * Measures several in-process contenders side by side (see {@link inRounds}) with
 * {@link measure}.
 */
export async function sideBySide<Name extends string>(
  contenders: Record<Name, () => Promise<unknown>>,
  options: SideBySideOptions,
): Promise<Record<Name, Measurement>> {
  const names = Object.keys(contenders) as Name[];
  if (options.warmUpMs) {
    for (const name of names) {
      await measure(contenders[name], { ...options, durationMs: options.warmUpMs });
    }
  }
  return inRounds(names, (name) => measure(contenders[name], options), options.rounds);
}

/**
 * Hands each operation an item no concurrent operation holds, and takes it back after:
 * with as many items as loops, every loop acts as one person (one account) of its own.
 */
export function exclusive<Item>(
  items: readonly Item[],
): <T>(use: (item: Item) => Promise<T>) => Promise<T> {
  const free = [...items];
  return async <T>(use: (item: Item) => Promise<T>): Promise<T> => {
    const item = free.pop();
    if (item === undefined) throw new Error("more concurrent operations than items to hand out");
    try {
      return await use(item);
    } finally {
      free.push(item);
    }
  };
}
