import { describe, expect, it } from "vitest";

import { canonicalEmail } from "./email-address.ts";

describe("canonicalEmail", () => {
  it("trims, lowercases the domain, keeps the local part as typed, and keys without case", () => {
    expect(canonicalEmail("  Ada.Lovelace+work@Example.COM ")).toEqual({
      address: "Ada.Lovelace+work@example.com",
      key: "ada.lovelace+work@example.com",
    });
    expect(canonicalEmail("ADA@example.com")?.key).toBe(canonicalEmail("ada@EXAMPLE.com")?.key);
  });

  it("writes an internationalized domain in its ASCII form, so one domain has one key", () => {
    expect(canonicalEmail("anna@bücher.example")).toEqual({
      address: "anna@xn--bcher-kva.example",
      key: "anna@xn--bcher-kva.example",
    });
    expect(canonicalEmail("anna@xn--bcher-kva.example")?.key).toBe(
      canonicalEmail("anna@BÜCHER.example")?.key,
    );
  });

  it.each([
    ["", "empty"],
    ["   ", "blank"],
    ["ada", "no @"],
    ["@example.com", "no local part"],
    ["ada@", "no domain"],
    ["ada@localhost", "one label"],
    ["ada@example.123", "a numeric top-level label"],
    ["ada@[192.0.2.1]", "an IP literal"],
    ['"ada lovelace"@example.com', "a quoted local part"],
    ["ada..lovelace@example.com", "two dots in a row"],
    [".ada@example.com", "a leading dot"],
    ["ada.@example.com", "a trailing dot"],
    ["ada@exa mple.com", "a space in the domain"],
    ["ada@-example.com", "a label starting with a hyphen"],
    ["ada@example..com", "an empty label"],
    ["ada@ex_ample.com", "an underscore in the domain"],
    ["ad<a>@example.com", "angle brackets"],
    ["ada@example.com\r\nBcc: eve@example.com", "a line break (header injection)"],
    ["ünïcode@example.com", "a non-ASCII local part"],
    [`${"a".repeat(65)}@example.com`, "a local part over 64 characters"],
    [`a@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.${"e".repeat(63)}.com`, "over 254"],
  ])("refuses %j (%s)", (input) => {
    expect(canonicalEmail(input)).toBeNull();
  });

  it("refuses what is not a string", () => {
    for (const input of [null, undefined, 42, { $ne: "" }, ["a@example.com"]]) {
      expect(canonicalEmail(input)).toBeNull();
    }
  });
});
