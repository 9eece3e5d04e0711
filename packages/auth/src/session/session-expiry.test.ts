import { describe, expect, it } from "vitest";

import {
  isSessionExpired,
  SESSION_REFRESH_INTERVAL_MS,
  sessionExpiresAt,
  shouldRefreshSession,
  type SessionLifetime,
} from "./session-expiry.ts";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const LIFETIME: SessionLifetime = { idleTimeoutMs: 7 * DAY, absoluteLifetimeMs: 30 * DAY };
const T0 = new Date("2025-01-01T00:00:00.000Z");

function at(milliseconds: number): Date {
  return new Date(T0.getTime() + milliseconds);
}

/** A session as stored: its expiry computed when it was last verified. */
function session(createdAt: Date, lastVerifiedAt: Date, expiresAt?: Date) {
  return {
    createdAt,
    lastVerifiedAt,
    expiresAt: expiresAt ?? sessionExpiresAt(createdAt, lastVerifiedAt, LIFETIME),
  };
}

describe("sessionExpiresAt", () => {
  it("is the idle timeout after the last verification while that comes first", () => {
    expect(sessionExpiresAt(T0, T0, LIFETIME)).toEqual(at(7 * DAY));
    expect(sessionExpiresAt(T0, at(10 * DAY), LIFETIME)).toEqual(at(17 * DAY));
  });

  it("is the absolute lifetime after creation once that comes first", () => {
    expect(sessionExpiresAt(T0, at(25 * DAY), LIFETIME)).toEqual(at(30 * DAY));
    expect(sessionExpiresAt(T0, at(29 * DAY), LIFETIME)).toEqual(at(30 * DAY));
  });

  it("is the shared moment when both limits coincide", () => {
    expect(sessionExpiresAt(T0, at(23 * DAY), LIFETIME)).toEqual(at(30 * DAY));
  });

  it.each([
    [0, 7 * DAY],
    [5 * DAY, 12 * DAY],
    [20 * DAY, 27 * DAY],
    [40 * DAY, 30 * DAY],
  ])("verified %i ms after creation, ends %i ms after creation", (verified, end) => {
    expect(sessionExpiresAt(T0, at(verified), LIFETIME)).toEqual(at(end));
  });
});

describe("isSessionExpired", () => {
  const fresh = session(T0, T0);

  it.each([
    ["at creation", 0, false],
    ["one millisecond before the idle timeout", 7 * DAY - 1, false],
    ["exactly at the idle timeout", 7 * DAY, true],
    ["after the idle timeout", 7 * DAY + 1, true],
    ["long after", 365 * DAY, true],
  ])("%s, expired is %s", (_label, elapsed, expired) => {
    expect(isSessionExpired(fresh, LIFETIME, at(elapsed))).toBe(expired);
  });

  it("lives past the first idle timeout when it was verified since", () => {
    const used = session(T0, at(6 * DAY));
    expect(isSessionExpired(used, LIFETIME, at(8 * DAY))).toBe(false);
    expect(isSessionExpired(used, LIFETIME, at(13 * DAY - 1))).toBe(false);
    expect(isSessionExpired(used, LIFETIME, at(13 * DAY))).toBe(true);
  });

  it("ends at the absolute lifetime however recently it was verified", () => {
    const busy = session(T0, at(29 * DAY));
    expect(isSessionExpired(busy, LIFETIME, at(30 * DAY - 1))).toBe(false);
    expect(isSessionExpired(busy, LIFETIME, at(30 * DAY))).toBe(true);
  });

  it("is expired once the stored expiry passes, though the timestamps allow more (EX-01)", () => {
    const stored = session(T0, at(1 * DAY), at(2 * DAY));
    expect(isSessionExpired(stored, LIFETIME, at(2 * DAY - 1))).toBe(false);
    expect(isSessionExpired(stored, LIFETIME, at(2 * DAY))).toBe(true);
    expect(isSessionExpired(stored, LIFETIME, at(3 * DAY))).toBe(true);
  });

  it("is expired past the absolute lifetime, whatever the stored expiry (EX-04)", () => {
    const verifiedLate = session(T0, at(29 * DAY), at(365 * DAY));
    expect(isSessionExpired(verifiedLate, LIFETIME, at(30 * DAY - 1))).toBe(false);
    expect(isSessionExpired(verifiedLate, LIFETIME, at(30 * DAY))).toBe(true);
    const createdLongAgo = session(at(-31 * DAY), T0, at(365 * DAY));
    expect(isSessionExpired(createdLongAgo, LIFETIME, T0)).toBe(true);
  });

  it("is expired when the idle timeout has passed, whatever the stored expiry", () => {
    const edited = session(T0, at(1 * DAY), at(25 * DAY));
    expect(isSessionExpired(edited, LIFETIME, at(8 * DAY - 1))).toBe(false);
    expect(isSessionExpired(edited, LIFETIME, at(8 * DAY))).toBe(true);
  });

  it("applies a shortened lifetime at once", () => {
    const stored = session(T0, T0);
    const shorter: SessionLifetime = { idleTimeoutMs: 1 * DAY, absoluteLifetimeMs: 2 * DAY };
    expect(isSessionExpired(stored, LIFETIME, at(3 * DAY))).toBe(false);
    expect(isSessionExpired(stored, shorter, at(1 * DAY - 1))).toBe(false);
    expect(isSessionExpired(stored, shorter, at(1 * DAY))).toBe(true);
  });

  it("does not let a lengthened lifetime outlive the stored expiry", () => {
    const stored = session(T0, T0);
    const longer: SessionLifetime = { idleTimeoutMs: 30 * DAY, absoluteLifetimeMs: 90 * DAY };
    expect(isSessionExpired(stored, longer, at(7 * DAY))).toBe(true);
  });
});

describe("shouldRefreshSession", () => {
  it("uses an interval of one hour", () => {
    expect(SESSION_REFRESH_INTERVAL_MS).toBe(HOUR);
  });

  it.each([
    ["just verified", 0, false],
    ["a minute later", 60_000, false],
    ["one millisecond under the interval", SESSION_REFRESH_INTERVAL_MS - 1, false],
    ["exactly at the interval", SESSION_REFRESH_INTERVAL_MS, true],
    ["after the interval", SESSION_REFRESH_INTERVAL_MS + 1, true],
    ["days later", 3 * DAY, true],
  ])("%s, refresh is %s", (_label, elapsed, refresh) => {
    expect(shouldRefreshSession(T0, at(elapsed))).toBe(refresh);
  });

  it("is false when the clock reads earlier than the last verification", () => {
    expect(shouldRefreshSession(T0, at(-HOUR))).toBe(false);
  });
});
