import { EventEmitter } from "node:events";

import { describe, expect, it } from "vitest";

import { watchReachability } from "./reachability.ts";

/** A client whose events the test emits, and a probe whose outcome the test chooses. */
function setUp(probeOutcome: () => Promise<unknown>) {
  const client = new EventEmitter();
  const changes: string[] = [];
  let probes = 0;
  const stop = watchReachability(
    client,
    () => {
      probes++;
      return probeOutcome();
    },
    {
      lost: (error) => changes.push(`lost: ${(error as Error).message}`),
      regained: () => changes.push("regained"),
    },
  );
  return { client, changes, probes: () => probes, stop };
}

const refused = (): Promise<never> => Promise.reject(new Error("connect ECONNREFUSED"));
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("watchReachability", () => {
  it("reports a failed connection attempt once, with the probe's reason, then its end once", async () => {
    const { client, changes, probes } = setUp(refused);
    client.emit("connectionCheckOutFailed", { reason: "connectionError" });
    client.emit("connectionCheckOutFailed", { reason: "connectionError" });
    await settled();
    client.emit("serverHeartbeatFailed", {});
    client.emit("connectionCheckOutFailed", { reason: "connectionError" });
    await settled();
    client.emit("connectionReady", {});
    client.emit("serverHeartbeatSucceeded", {});
    expect(changes).toEqual(["lost: connect ECONNREFUSED", "regained"]);
    // One probe at a time, and none while the outage is known.
    expect(probes()).toBe(1);
  });

  it("takes a failed heartbeat as a reason to probe, and a heartbeat as the end", async () => {
    const { client, changes } = setUp(refused);
    client.emit("serverHeartbeatFailed", {});
    await settled();
    client.emit("serverHeartbeatSucceeded", {});
    expect(changes).toEqual(["lost: connect ECONNREFUSED", "regained"]);
  });

  it("reports nothing when the server still answers the probe", async () => {
    const { client, changes, probes } = setUp(() => Promise.resolve());
    client.emit("serverHeartbeatFailed", {});
    await settled();
    client.emit("connectionReady", {});
    expect(changes).toEqual([]);
    expect(probes()).toBe(1);
  });

  it("ignores check-outs that fail for other reasons than the server", async () => {
    const { client, changes, probes } = setUp(refused);
    client.emit("connectionCheckOutFailed", { reason: "poolClosed" });
    client.emit("connectionCheckOutFailed", { reason: "timeout" });
    await settled();
    expect(changes).toEqual([]);
    expect(probes()).toBe(0);
  });

  it("reports nothing once stopped, not even a probe still running", async () => {
    const { client, changes, stop } = setUp(refused);
    client.emit("serverHeartbeatFailed", {});
    stop();
    await settled();
    client.emit("serverHeartbeatFailed", {});
    await settled();
    expect(changes).toEqual([]);
    expect(client.eventNames()).toEqual([]);
  });
});
