import { availableParallelism } from "node:os";

/** Returned instead of a result when too much hashing is already waiting. */
export const BUSY = Symbol("busy");

export interface HashLimiter {
  /**
   * Runs `task` when a slot is free, or returns {@link BUSY} at once if the queue is full or
   * one of `keys` (the client's address, the account) already holds its share of the slots.
   */
  run<T>(task: () => Promise<T>, keys?: readonly string[]): Promise<T | typeof BUSY>;
}

export interface HashLimits {
  /** Hashes computed at once; more only thrash the CPU and memory (19 MiB each). */
  concurrency: number;
  /** Hashes allowed to wait; beyond this a login answers "busy" fast instead of queueing. */
  maxQueued: number;
  /**
   * Slots (running or waiting) that any one key may hold. One address or one account
   * hammering logins must leave room for everyone else. Defaults to {@link fairShare}.
   */
  maxPerKey?: number;
}

/** One hash per core, and 16 per core waiting. */
export function defaultHashLimits(cores = availableParallelism()): HashLimits {
  return { concurrency: cores, maxQueued: 16 * cores };
}

/** A quarter of all slots, and at least one. */
export function fairShare(concurrency: number, maxQueued: number): number {
  return Math.max(1, Math.ceil((concurrency + maxQueued) / 4));
}

/**
 * Bounds argon2 work. A login flood must not make every request wait behind thousands of
 * hashes, nor hold 19 MiB per waiting hash: excess work is refused straight away. And a
 * flood from one address, or against one account, can take only its share of the slots,
 * so the queue it fills is never everyone's.
 */
export function createHashLimiter(limits: HashLimits = defaultHashLimits()): HashLimiter {
  const maxPerKey = limits.maxPerKey ?? fairShare(limits.concurrency, limits.maxQueued);
  let running = 0;
  const waiting: (() => void)[] = [];
  const held = new Map<string, number>();

  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  const hold = (keys: readonly string[], delta: 1 | -1): void => {
    for (const key of keys) {
      const count = (held.get(key) ?? 0) + delta;
      if (count === 0) held.delete(key);
      else held.set(key, count);
    }
  };

  return {
    async run<T>(task: () => Promise<T>, keys: readonly string[] = []) {
      const unique = [...new Set(keys)];
      if (unique.some((key) => (held.get(key) ?? 0) >= maxPerKey)) return BUSY;
      if (running >= limits.concurrency && waiting.length >= limits.maxQueued) return BUSY;
      hold(unique, 1);
      try {
        if (running >= limits.concurrency) {
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
      } finally {
        hold(unique, -1);
      }
    },
  };
}
