import { describe, expect, it } from "vitest";

import type { DatabaseEvent } from "./database.ts";
import { DatabaseUnavailableError } from "./errors.ts";
import { databaseOutageLog, summarizeError, type DatabaseLogRecord } from "./outage-log.ts";

const URI = "mongodb://app-user:s3cret-pass@db1.example:27017,db2.example:27017/app";
const HOSTS = ["db1.example:27017", "db2.example:27017"];

function named(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

const refused = new DatabaseUnavailableError(
  named("MongooseServerSelectionError", "connect ECONNREFUSED 10.0.0.7:27017"),
);

/** A log fed with `events`, one second apart; returns what it wrote, parsed. */
function logOf(events: DatabaseEvent[]): DatabaseLogRecord[] {
  const lines: string[] = [];
  let now = Date.parse("2026-01-01T00:00:00Z");
  const handle = databaseOutageLog({
    uri: URI,
    write: (line) => lines.push(line),
    clock: () => new Date(now),
  });
  for (const event of events) {
    handle(event);
    now += 1_000;
  }
  for (const line of lines) expect(line).toMatch(/^\{.*\}\n$/);
  return lines.map((line) => JSON.parse(line) as DatabaseLogRecord);
}

describe("databaseOutageLog", () => {
  it("says nothing while all is well", () => {
    expect(logOf([{ type: "connected", ttlIndexes: true }])).toEqual([]);
  });

  it("logs a database never reached once, however many attempts fail, and its return once", () => {
    const failed: DatabaseEvent = { type: "connect-failed", error: refused };
    const log = logOf([failed, failed, failed, { type: "connected", ttlIndexes: false }]);
    expect(log).toEqual([
      {
        time: "2026-01-01T00:00:00.000Z",
        event: "database",
        type: "unreachable",
        hosts: HOSTS,
        error: {
          name: "MongooseServerSelectionError",
          message: "connect ECONNREFUSED 10.0.0.7:27017",
        },
      },
      {
        time: "2026-01-01T00:00:03.000Z",
        event: "database",
        type: "reachable_again",
        hosts: HOSTS,
        outageMs: 3_000,
      },
    ]);
  });

  it("logs each outage of an established connection once", () => {
    const lost: DatabaseEvent = { type: "connection-lost", error: refused };
    const log = logOf([
      { type: "connected", ttlIndexes: true },
      lost,
      lost,
      { type: "reconnected" },
      { type: "reconnected" },
      lost,
      { type: "purge-failed", error: refused },
      { type: "reconnected" },
    ]);
    expect(log.map((record) => record.type)).toEqual([
      "unreachable",
      "reachable_again",
      "unreachable",
      "reachable_again",
    ]);
  });

  it("logs a purge that fails while the database is reachable", () => {
    const log = logOf([
      { type: "connected", ttlIndexes: false },
      { type: "purge-failed", error: named("MongoServerError", "not authorized on app") },
    ]);
    expect(log).toMatchObject([
      {
        type: "purge_failed",
        error: { name: "MongoServerError", message: "not authorized on app" },
      },
    ]);
  });

  it("never writes the user or the password of the URI, even when the driver quotes them", () => {
    const quoting = named(
      "MongoParseError",
      "bad option in mongodb://app-user:s3cret-pass@db1.example:27017/app; user app-user",
    );
    const log = logOf([{ type: "connect-failed", error: new DatabaseUnavailableError(quoting) }]);
    const written = JSON.stringify(log);
    expect(written).not.toContain("s3cret-pass");
    expect(written).not.toContain("app-user");
    expect(log[0]?.error?.message).toBe(
      "bad option in mongodb://***@db1.example:27017/app; user ***",
    );
  });
});

describe("summarizeError", () => {
  it("keeps the first line, at most 200 characters", () => {
    const long = named("MongoNetworkError", `${"x".repeat(300)}\n    at stack (file.js:1:1)`);
    expect(summarizeError(long, URI)).toEqual({
      name: "MongoNetworkError",
      message: "x".repeat(200),
    });
  });

  it("says what a thrown non-error was", () => {
    expect(summarizeError("socket hang up", URI)).toEqual({
      name: "string",
      message: "socket hang up",
    });
  });
});
