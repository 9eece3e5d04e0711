import { describe, expect, it } from "vitest";

import { BUSY, createHashLimiter, defaultHashLimits, fairShare } from "./hash-limiter.ts";

/** Lets every pending promise callback run (no timers: only the microtask queue). */
async function flush(): Promise<void> {
  for (let tick = 0; tick < 20; tick++) await Promise.resolve();
}

/** A task the test finishes by hand, which records when it starts and while it runs. */
function controlledTasks() {
  const started: string[] = [];
  let active = 0;
  let maxActive = 0;
  const finishers = new Map<string, PromiseWithResolvers<string>>();

  const task = (name: string) => (): Promise<string> => {
    started.push(name);
    active++;
    maxActive = Math.max(maxActive, active);
    const deferred = Promise.withResolvers<string>();
    finishers.set(name, deferred);
    return deferred.promise.finally(() => {
      active--;
    });
  };

  const finisher = (name: string): PromiseWithResolvers<string> => {
    const deferred = finishers.get(name);
    if (!deferred) throw new Error(`task ${name} has not started`);
    return deferred;
  };

  return {
    started,
    task,
    active: () => active,
    maxActive: () => maxActive,
    finish: (name: string) => {
      finisher(name).resolve(`result of ${name}`);
    },
    fail: (name: string, error: Error) => {
      finisher(name).reject(error);
    },
  };
}

/** Whether a promise has settled yet, without waiting for it. */
function track<T>(promise: Promise<T>): { settled: () => boolean } {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { settled: () => settled };
}

describe("createHashLimiter", () => {
  it("never runs more than `concurrency` tasks at once", async () => {
    const limiter = createHashLimiter({ concurrency: 2, maxQueued: 10 });
    const tasks = controlledTasks();
    const runs = ["a", "b", "c", "d", "e"].map((name) => limiter.run(tasks.task(name)));
    await flush();
    expect(tasks.started).toEqual(["a", "b"]);

    tasks.finish("a");
    await flush();
    expect(tasks.started).toEqual(["a", "b", "c"]);
    expect(tasks.active()).toBe(2);

    tasks.finish("c");
    tasks.finish("b");
    await flush();
    expect(tasks.started).toEqual(["a", "b", "c", "d", "e"]);

    tasks.finish("e");
    tasks.finish("d");
    await expect(Promise.all(runs)).resolves.toEqual([
      "result of a",
      "result of b",
      "result of c",
      "result of d",
      "result of e",
    ]);
    expect(tasks.maxActive()).toBe(2);
    expect(tasks.active()).toBe(0);
  });

  it("keeps to the bound over many tasks finishing out of order", async () => {
    const limiter = createHashLimiter({ concurrency: 3, maxQueued: 100 });
    const tasks = controlledTasks();
    const names = Array.from({ length: 30 }, (_, index) => `t${index}`);
    const runs = names.map((name) => limiter.run(tasks.task(name)));
    const finished = new Set<string>();
    while (finished.size < names.length) {
      await flush();
      // Every free slot is used, and no more.
      expect(tasks.active()).toBe(Math.min(3, names.length - finished.size));
      // Finish the newest running task, so tasks end in another order than they started.
      const newest = tasks.started.filter((name) => !finished.has(name)).at(-1);
      if (newest === undefined) throw new Error("nothing is running");
      finished.add(newest);
      tasks.finish(newest);
    }
    expect(await Promise.all(runs)).toEqual(names.map((name) => `result of ${name}`));
    expect(tasks.maxActive()).toBe(3);
  });

  it("lets up to `maxQueued` tasks wait, then runs them in arrival order", async () => {
    const limiter = createHashLimiter({ concurrency: 1, maxQueued: 3 });
    const tasks = controlledTasks();
    const runs = ["a", "b", "c", "d"].map((name) => limiter.run(tasks.task(name)));
    await flush();
    expect(tasks.started).toEqual(["a"]);
    for (const [name, next] of [
      ["a", "b"],
      ["b", "c"],
      ["c", "d"],
    ] as const) {
      tasks.finish(name);
      await flush();
      expect(tasks.started.at(-1)).toBe(next);
      expect(tasks.active()).toBe(1);
    }
    tasks.finish("d");
    expect(await Promise.all(runs)).toEqual(
      ["a", "b", "c", "d"].map((name) => `result of ${name}`),
    );
  });

  it("answers BUSY at once, without calling the task, when the queue is full", async () => {
    const limiter = createHashLimiter({ concurrency: 1, maxQueued: 2 });
    const tasks = controlledTasks();
    const accepted = ["a", "b", "c"].map((name) => limiter.run(tasks.task(name)));
    let called = false;
    const refused = limiter.run(() => {
      called = true;
      return Promise.resolve("never");
    });
    const refusal = track(refused);
    await flush();
    expect(refusal.settled()).toBe(true);
    expect(await refused).toBe(BUSY);
    expect(called).toBe(false);
    expect(tasks.started).toEqual(["a"]);

    // Once the queue has room again, work is accepted again.
    tasks.finish("a");
    await flush();
    const later = limiter.run(tasks.task("d"));
    tasks.finish("b");
    await flush();
    tasks.finish("c");
    await flush();
    tasks.finish("d");
    expect(await Promise.all([...accepted, later])).toEqual(
      ["a", "b", "c", "d"].map((name) => `result of ${name}`),
    );
  });

  it("answers BUSY to any task beyond `concurrency` when no queue is allowed", async () => {
    const limiter = createHashLimiter({ concurrency: 2, maxQueued: 0 });
    const tasks = controlledTasks();
    const first = limiter.run(tasks.task("a"));
    const second = limiter.run(tasks.task("b"));
    expect(await limiter.run(tasks.task("c"))).toBe(BUSY);
    expect(tasks.started).toEqual(["a", "b"]);
    tasks.finish("a");
    tasks.finish("b");
    expect(await Promise.all([first, second])).toEqual(["result of a", "result of b"]);
  });

  it("frees the slot of a task that rejects, and passes the rejection on", async () => {
    const limiter = createHashLimiter({ concurrency: 1, maxQueued: 1 });
    const tasks = controlledTasks();
    const failing = limiter.run(tasks.task("a"));
    const waiting = limiter.run(tasks.task("b"));
    const error = new Error("argon2 failed");
    tasks.fail("a", error);
    await expect(failing).rejects.toBe(error);
    await flush();
    expect(tasks.started).toEqual(["a", "b"]);
    tasks.finish("b");
    expect(await waiting).toBe("result of b");
  });

  it("frees the slot of a task that throws before returning a promise", async () => {
    const limiter = createHashLimiter({ concurrency: 1, maxQueued: 0 });
    const error = new Error("thrown synchronously");
    await expect(
      limiter.run(() => {
        throw error;
      }),
    ).rejects.toBe(error);
    expect(await limiter.run(() => Promise.resolve(42))).toBe(42);
  });

  it("gets its full capacity back after a burst", async () => {
    const limiter = createHashLimiter({ concurrency: 2, maxQueued: 1 });
    for (let burst = 0; burst < 3; burst++) {
      const tasks = controlledTasks();
      const runs = ["a", "b", "c"].map((name) => limiter.run(tasks.task(name)));
      expect(await limiter.run(tasks.task("d"))).toBe(BUSY);
      await flush();
      expect(tasks.started).toEqual(["a", "b"]);
      tasks.finish("a");
      tasks.finish("b");
      await flush();
      tasks.finish("c");
      expect(await Promise.all(runs)).toEqual(["a", "b", "c"].map((name) => `result of ${name}`));
    }
  });

  it("passes results through unchanged, including undefined and objects", async () => {
    const limiter = createHashLimiter({ concurrency: 1, maxQueued: 1 });
    const value = { hash: "$argon2id$..." };
    expect(await limiter.run(() => Promise.resolve(value))).toBe(value);
    expect(await limiter.run(() => Promise.resolve(undefined))).toBeUndefined();
    expect(await limiter.run(() => Promise.resolve(false))).toBe(false);
  });
});

describe("HD-02: a fair share of the hashing slots per address and per account", () => {
  it("refuses a key that holds its share while the slots fill, and serves other keys", async () => {
    const limiter = createHashLimiter({ concurrency: 2, maxQueued: 10, maxPerKey: 3 });
    const tasks = controlledTasks();
    const flood = ["f1", "f2", "f3"].map((name) => limiter.run(tasks.task(name), ["ip:6.6.6.6"]));
    expect(await limiter.run(tasks.task("f4"), ["ip:6.6.6.6", "account:x"])).toBe(BUSY);
    const other = limiter.run(tasks.task("o1"), ["ip:10.0.0.1", "account:alice"]);
    await flush();
    expect(tasks.started).toEqual(["f1", "f2"]);
    tasks.finish("f1");
    await flush();
    expect(tasks.started).toEqual(["f1", "f2", "f3"]);
    tasks.finish("f2");
    tasks.finish("f3");
    await flush();
    tasks.finish("o1");
    expect(await other).toBe("result of o1");
    await Promise.all(flood);
  });

  it("counts every key of a task: one account from many addresses is held to its share too", async () => {
    const limiter = createHashLimiter({ concurrency: 1, maxQueued: 10, maxPerKey: 2 });
    const tasks = controlledTasks();
    const runs = [
      limiter.run(tasks.task("a"), ["ip:1", "account:victim"]),
      limiter.run(tasks.task("b"), ["ip:2", "account:victim"]),
    ];
    expect(await limiter.run(tasks.task("c"), ["ip:3", "account:victim"])).toBe(BUSY);
    await flush();
    tasks.finish("a");
    await flush();
    // A slot of the account is free again.
    const next = limiter.run(tasks.task("d"), ["ip:4", "account:victim"]);
    tasks.finish("b");
    await flush();
    tasks.finish("d");
    expect(await Promise.all([...runs, next])).toHaveLength(3);
  });

  it("gives a key its slots back when its tasks fail", async () => {
    const limiter = createHashLimiter({ concurrency: 1, maxQueued: 1, maxPerKey: 1 });
    const tasks = controlledTasks();
    const failing = limiter.run(tasks.task("a"), ["ip:1"]);
    await flush();
    tasks.fail("a", new Error("argon2 failed"));
    await expect(failing).rejects.toThrow("argon2 failed");
    expect(await limiter.run(() => Promise.resolve("again"), ["ip:1"])).toBe("again");
  });

  it("holds a key's share from the reservation until it runs or is cancelled", async () => {
    const limiter = createHashLimiter({ concurrency: 0, maxQueued: 0, maxPerKey: 1 });
    const place = limiter.reserve(["account:a"]);
    if (place === BUSY) throw new Error("the first reservation has room");
    expect(limiter.reserve(["account:a"])).toBe(BUSY);
    expect(limiter.reserve(["account:b"])).not.toBe(BUSY);
    // The queue as a whole is decided when it runs (this one has no slots at all).
    expect(await place.run(() => Promise.resolve("hashed"))).toBe(BUSY);
    place.cancel();
    const again = limiter.reserve(["account:a"]);
    expect(again).not.toBe(BUSY);
    if (again !== BUSY) again.cancel();
    expect(limiter.reserve(["account:a"])).not.toBe(BUSY);
  });

  it("defaults to a quarter of all slots, and at least one", () => {
    expect(fairShare(2, 32)).toBe(9);
    expect(fairShare(1, 0)).toBe(1);
    expect(fairShare(8, 128)).toBe(34);
  });
});

describe("defaultHashLimits", () => {
  it("allows at least one hash at a time and a queue sixteen times that", () => {
    const limits = defaultHashLimits();
    expect(limits.concurrency).toBeGreaterThanOrEqual(1);
    expect(limits.maxQueued).toBe(16 * limits.concurrency);
  });
});
