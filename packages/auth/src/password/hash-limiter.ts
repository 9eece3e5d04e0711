import { availableParallelism } from "node:os";

/** Returned instead of a result when too much hashing is already waiting. */
export const BUSY = Symbol("busy");

export interface HashLimiter {
  /** Runs `task` when a slot is free, or returns {@link BUSY} at once if the queue is full. */
  run<T>(task: () => Promise<T>): Promise<T | typeof BUSY>;
}

export interface HashLimits {
  /** Hashes computed at once; more only thrash the CPU and memory (19 MiB each). */
  concurrency: number;
  /** Hashes allowed to wait; beyond this a login answers "busy" fast instead of queueing. */
  maxQueued: number;
}

export function defaultHashLimits(): HashLimits {
  const cores = availableParallelism();
  return { concurrency: cores, maxQueued: 16 * cores };
}

/**
 * Bounds argon2 work. A login flood must not make every request wait behind thousands of
 * hashes, nor hold 19 MiB per waiting hash: excess work is refused straight away.
 */
export function createHashLimiter(limits: HashLimits = defaultHashLimits()): HashLimiter {
  let running = 0;
  const waiting: (() => void)[] = [];

  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };

  return {
    async run<T>(task: () => Promise<T>): Promise<T | typeof BUSY> {
      if (running >= limits.concurrency) {
        if (waiting.length >= limits.maxQueued) return BUSY;
        // The slot is handed over by release(), so `running` stays as it is.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running++;
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
