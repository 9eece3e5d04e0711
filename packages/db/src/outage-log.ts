import type { DatabaseEvent } from "./database.ts";
import { DatabaseUnavailableError } from "./errors.ts";
import { redactCredentials, uriHosts } from "./redact-credentials.ts";

/** Long enough for a driver's reason ("connect ECONNREFUSED 10.0.0.7:27017"), never a dump. */
export const MAX_LOGGED_MESSAGE_LENGTH = 200;

/** What the outage log writes, one JSON line each. */
export interface DatabaseLogRecord {
  time: string;
  event: "database";
  /**
   * `unreachable`: the first failure after being up (or never up); `reachable_again`: the
   * first success after that; `purge_failed`: the expiry purge failed while reachable.
   */
  type: "unreachable" | "reachable_again" | "purge_failed";
  /** The hosts the connection string names, as `host:port`. */
  hosts: string[];
  /** The driver's reason, credentials removed. */
  error?: { name: string; message: string };
  /** On `reachable_again`: how long the database was out of reach. */
  outageMs?: number;
}

export interface DatabaseOutageLogOptions {
  /** The connection string in use: its hosts are logged, its user and password redacted. */
  uri: string;
  /** Receives each record as one JSON line, newline included (e.g. standard error). */
  write: (line: string) => void;
  clock?: () => Date;
}

/**
 * A {@link DatabaseEvent} handler for `onEvent` that logs each outage once: one line when
 * the database cannot be reached, naming the hosts and the driver's reason, then nothing
 * until it has connected again, then one line saying so. Every repeated failure in
 * between is the same outage and stays out of the log.
 */
export function databaseOutageLog(
  options: DatabaseOutageLogOptions,
): (event: DatabaseEvent) => void {
  const { uri, write } = options;
  const clock = options.clock ?? (() => new Date());
  const hosts = uriHosts(uri);
  let outageStartedAt: Date | null = null;

  const log = (record: Omit<DatabaseLogRecord, "time" | "event" | "hosts">): void => {
    // The type right after the time: it is what a reader scans for.
    const { type, ...details } = record;
    const line: DatabaseLogRecord = {
      time: clock().toISOString(),
      event: "database",
      type,
      hosts,
      ...details,
    };
    write(`${JSON.stringify(line)}\n`);
  };

  return (event) => {
    switch (event.type) {
      case "connect-failed":
      case "connection-lost":
        if (outageStartedAt) return;
        outageStartedAt = clock();
        log({ type: "unreachable", error: summarizeError(event.error, uri) });
        return;
      case "connected":
      case "reconnected":
        if (!outageStartedAt) return;
        log({ type: "reachable_again", outageMs: clock().getTime() - outageStartedAt.getTime() });
        outageStartedAt = null;
        return;
      case "purge-failed":
        // During an outage the purge fails with it: already logged.
        if (outageStartedAt) return;
        log({ type: "purge_failed", error: summarizeError(event.error, uri) });
        return;
    }
  };
}

/**
 * The name and first line of the error that says why, credentials removed. Unwraps
 * {@link DatabaseUnavailableError}, whose own message says only "unavailable".
 */
export function summarizeError(error: unknown, uri: string): { name: string; message: string } {
  const reason = error instanceof DatabaseUnavailableError ? error.cause : error;
  const name = reason instanceof Error ? reason.name : typeof reason;
  const message = reason instanceof Error ? reason.message : String(reason);
  const firstLine = redactCredentials(message, uri).split("\n", 1)[0] ?? "";
  return {
    name: redactCredentials(name, uri),
    message: firstLine.slice(0, MAX_LOGGED_MESSAGE_LENGTH),
  };
}
