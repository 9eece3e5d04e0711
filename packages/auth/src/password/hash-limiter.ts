import { availableParallelism } from "node:os";

/** Returned instead of a result when too much hashing is already waiting. */
export const BUSY = Symbol("busy");

export interface HashLimiter {
  /**
   * Runs `task` when a slot is free, or returns {@link BUSY} at once if the queue is full or
   * one of `keys` (the client's address, the account) already holds its share of the slots.
   */
  run<T>(task: () => Promise<T>, keys?: readonly string[]): Promise<T | typeof BUSY>;
  /**
   * Takes `keys`' share of the queue now, to hash later ({@link BUSY} when one of them
   * already holds its share): a login holds its place while it reads, so one address or
   * account never has more logins in flight than its share. Whether the queue as a whole
   * has room is decided when it runs.
   */
  reserve(keys: readonly string[]): Reservation | typeof BUSY;
}

/** A share of the hashing queue held for some keys, to `run` once. */
export interface Reservation {
  /** Hashes when a slot is free, or returns {@link BUSY} at once if the queue is full. */
  run<T>(task: () => Promise<T>): Promise<T | typeof BUSY>;
  /** Gives the place back, unless it was run: safe to call in any `finally`. */
  cancel(): void;
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

  const reserve = (keys: readonly string[]): Reservation | typeof BUSY => {
    const unique = [...new Set(keys)];
    if (unique.some((key) => (held.get(key) ?? 0) >= maxPerKey)) return BUSY;
    hold(unique, 1);
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      return true;
    };
    return {
      async run(task) {
        if (!settle()) throw new Error("a hashing reservation is run once");
        try {
          if (running >= limits.concurrency && waiting.length >= limits.maxQueued) return BUSY;
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
      cancel() {
        if (settle()) hold(unique, -1);
      },
    };
  };

  return {
    reserve,
    async run(task, keys = []) {
      const reservation = reserve(keys);
      return reservation === BUSY ? BUSY : reservation.run(task);
    },
  };
}
