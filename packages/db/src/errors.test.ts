import { describe, expect, it } from "vitest";

import {
  DatabaseUnavailableError,
  isDuplicateKeyError,
  isUnavailableError,
  withAvailability,
} from "./errors.ts";

const withCode = (code: number, message: string) => Object.assign(new Error(message), { code });
const named = (name: string) => Object.assign(new Error(name), { name });

describe("isDuplicateKeyError", () => {
  it.each([
    ["MongoDB's 11000", withCode(11000, "E11000 duplicate key error"), true],
    ["FerretDB's code 1 with 'duplicate key'", withCode(1, "duplicate key value violates"), true],
    ["another code 1", withCode(1, "something else failed"), false],
    ["another code", withCode(2, "duplicate key"), false],
    ["a plain error", new Error("duplicate key"), false],
    ["not an error", "E11000", false],
  ])("%s → %s", (_label, error, expected) => {
    expect(isDuplicateKeyError(error)).toBe(expected);
  });
});

describe("isUnavailableError", () => {
  it.each([
    ["MongoServerSelectionError", true],
    ["MongoNetworkError", true],
    ["MongoNetworkTimeoutError", true],
    ["MongoServerError", false],
    ["ValidationError", false],
  ])("%s → %s", (name, expected) => {
    expect(isUnavailableError(named(name))).toBe(expected);
  });

  it("recognises its own wrapper and Mongoose's refusal on a closed connection", () => {
    expect(isUnavailableError(new DatabaseUnavailableError(new Error("x")))).toBe(true);
    expect(
      isUnavailableError(
        Object.assign(
          new Error("Cannot call `users.findOne()` before initial connection is complete"),
          {
            name: "MongooseError",
          },
        ),
      ),
    ).toBe(true);
  });
});

describe("isUnavailableError on raw socket errors", () => {
  it.each(["EPIPE", "ECONNRESET", "ECONNREFUSED", "ETIMEDOUT"])(
    "recognises %s, which can surface when a connection dies mid-operation",
    (code) => {
      const error = Object.assign(new Error("This socket has been ended by the other party"), {
        code,
      });
      expect(isUnavailableError(error)).toBe(true);
    },
  );

  it("looks inside a bulk write's error, which carries the network error as errorResponse", () => {
    const bulk = Object.assign(new Error("connection 1 to 127.0.0.1:27017 closed"), {
      name: "MongoBulkWriteError",
      errorResponse: named("MongoNetworkError"),
    });
    expect(isUnavailableError(bulk)).toBe(true);
  });

  it("looks through the cause chain", () => {
    const wrapped = new Error("query failed", { cause: named("MongoNetworkError") });
    expect(isUnavailableError(wrapped)).toBe(true);
    expect(isUnavailableError(new Error("query failed", { cause: new Error("bad") }))).toBe(false);
  });
});

describe("withAvailability", () => {
  it("answers unavailable when an operation outlasts the deadline", async () => {
    const started = Date.now();
    await expect(withAvailability(() => new Promise(() => undefined), 50)).rejects.toBeInstanceOf(
      DatabaseUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("wraps out-of-reach errors and passes other errors and results through", async () => {
    await expect(
      withAvailability(() => Promise.reject(named("MongoNetworkError"))),
    ).rejects.toBeInstanceOf(DatabaseUnavailableError);
    const bad = new Error("validation failed");
    await expect(withAvailability(() => Promise.reject(bad))).rejects.toBe(bad);
    await expect(withAvailability(() => Promise.resolve(42))).resolves.toBe(42);
  });
});
