import { describe, expect, it } from "vitest";

import { canonicalUsername, USERNAME_PATTERN } from "./username.ts";

describe("canonicalUsername", () => {
  it.each([
    ["alice", "alice"],
    ["Alice", "alice"],
    ["ALICE", "alice"],
    ["ａｌｉｃｅ", "alice"],
    ["ＡＬＩＣＥ", "alice"],
    ["bob_1-x", "bob_1-x"],
    ["１２３", "123"],
    ["𝐚𝐥𝐢𝐜𝐞", "alice"], // mathematical bold letters, outside the BMP
    ["___", "___"],
    ["---", "---"],
    ["abc", "abc"],
    ["a".repeat(31), "a".repeat(31)],
  ])("turns %j into %j", (input, canonical) => {
    expect(canonicalUsername(input)).toBe(canonical);
  });

  it("gives every accepted name a canonical form that is its own canonical form", () => {
    for (const input of ["Alice", "ａｌｉｃｅ", "Bob_1-X"]) {
      const canonical = canonicalUsername(input);
      expect(canonical).toMatch(USERNAME_PATTERN);
      expect(canonicalUsername(canonical)).toBe(canonical);
    }
  });

  it.each([
    ["2 characters", "ab"],
    ["1 character", "a"],
    ["the empty string", ""],
    ["32 characters", "a".repeat(32)],
    ["10,000 characters", "a".repeat(10_000)],
    ["an HTML tag (XS-01)", "<img src=x onerror=alert(1)>"],
    ["a script tag", "<script>"],
    ["quotes", 'al"ice'],
    ["a space inside", "al ice"],
    ["a leading space", " alice"],
    ["a trailing space", "alice "],
    ["a trailing newline", "alice\n"],
    ["a NUL byte", "alice\u0000"],
    ["a dot", "al.ice"],
    ["an at sign", "alice@example.com"],
    ["a slash", "al/ice"],
    ["a dollar sign", "$where"],
    ["an emoji", "alice😀"],
    ["only emoji", "😀😀😀"],
    ["a Turkish dotted I, whose lower case is not ASCII", "İbrahim"],
    ["a Cyrillic look-alike", "аlice"],
    ["an accented letter", "alicé"],
    ["a zero-width space", "ali\u200bce"],
    ["a right-to-left override", "ali\u202ece"],
    ["a combining mark", "alice\u0301"],
    ["a full-width space", "ali\u3000ce"],
  ])("refuses %s", (_label, input) => {
    expect(canonicalUsername(input)).toBeNull();
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a number", 12345],
    ["a boolean", true],
    ["an operator object", { $ne: "" }],
    ["a regex object", { $regex: ".*" }],
    ["an array", ["alice"]],
    ["a String object", new String("alice")],
    ["an object whose toString gives a name", { toString: () => "alice" }],
  ])("refuses the non-string %s", (_label, input) => {
    expect(canonicalUsername(input)).toBeNull();
  });
});
