import { describe, expect, it } from "vitest";

import { pageNumber } from "./page-number.ts";

describe("pageNumber", () => {
  it.each([
    [null, 1],
    ["", 1],
    ["1", 1],
    ["42", 42],
    ["10000", 10_000],
  ])("reads %j as page %j", (value, expected) => {
    expect(pageNumber(value)).toBe(expected);
  });

  it.each(["0", "-1", "01", "1.5", "1e3", "abc", " 2", "10001", "99999999"])(
    "refuses %j",
    (value) => {
      expect(pageNumber(value)).toBeNull();
    },
  );
});
