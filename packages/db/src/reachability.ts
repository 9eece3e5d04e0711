import type { EventEmitter } from "node:events";

export interface ReachabilityChanges {
  /** The server stopped answering; `error` is why (a failed ping's rejection). */
  lost(error: unknown): void;
  /** It answers again. */
  regained(): void;
}

/**
 * Follows whether the server behind an established connection still answers, and reports
 * each change once. The driver's monitoring events are the signals, as its own errors do
 * not reach this package: a new connection that could not be opened, or a failed heartbeat,
 * makes it `probe` (a ping); a rejection there is the outage and its reason. A completed
 * handshake or heartbeat ends it. Returns the function that stops watching, to call
 * before closing, so that closing is not taken for an outage.
 *
 * @param client the driver's client (`connection.getClient()`), or any emitter of its events
 * @param probe resolves when the server answers, rejects with the reason when it does not
 */
export function watchReachability(
  client: EventEmitter,
  probe: () => Promise<unknown>,
  changes: ReachabilityChanges,
): () => void {
  let reachable = true;
  let probing = false;
  let stopped = false;

  const suspect = (): void => {
    if (!reachable || probing || stopped) return;
    probing = true;
    probe().then(
      () => {
        probing = false;
      },
      (error: unknown) => {
        probing = false;
        if (!reachable || stopped) return;
        reachable = false;
        changes.lost(error);
      },
    );
  };
  const answered = (): void => {
    if (reachable || stopped) return;
    reachable = true;
    changes.regained();
  };

  const listeners: Record<string, (event?: { reason?: unknown }) => void> = {
    // Also emitted for a pool closing or a wait timing out, which say nothing of the server.
    connectionCheckOutFailed: (event) => {
      if (event?.reason === "connectionError") suspect();
    },
    serverHeartbeatFailed: suspect,
    connectionReady: answered,
    serverHeartbeatSucceeded: answered,
  };
  for (const [name, listener] of Object.entries(listeners)) client.on(name, listener);
  return () => {
    stopped = true;
    for (const [name, listener] of Object.entries(listeners)) client.off(name, listener);
  };
}
