import { describe, expect, it } from "vitest";

import { isAuditEntryId, isRecordId } from "./ids.ts";

describe("isRecordId", () => {
  it.each(["abcdefghijklmnopqrstuv", "A-_9", "x".repeat(64), "id-alice"])("accepts %j", (id) => {
    expect(isRecordId(id)).toBe(true);
  });

  it.each(["", "a.b", "a b", "ä", "x".repeat(65), "$ne", "a/b", "a%2Fb"])("refuses %j", (id) => {
    expect(isRecordId(id)).toBe(false);
  });

  it("refuses anything but a string", () => {
    for (const value of [null, undefined, 1, ["a"], { $ne: null }]) {
      expect(isRecordId(value)).toBe(false);
    }
  });
});

describe("isAuditEntryId", () => {
  it("accepts a MongoDB ObjectId's hex, nothing else", () => {
    expect(isAuditEntryId("0123456789abcdef01234567")).toBe(true);
    for (const value of ["0123456789ABCDEF01234567", "0123", "g".repeat(24), null, 1]) {
      expect(isAuditEntryId(value)).toBe(false);
    }
  });
});
