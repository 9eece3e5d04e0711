import { describe, expect, it } from "vitest";

import { adminReturnPath, confirmPath } from "./return-to.ts";

const ADMIN = "https://admin.example.com";

describe("adminReturnPath", () => {
  it.each([
    ["/users/abc", "/users/abc"],
    ["/audit?before=0123456789abcdef01234567", "/audit?before=0123456789abcdef01234567"],
    [`${ADMIN}/users/abc?x=1#frag`, "/users/abc?x=1"],
    ["users/abc", "/users/abc"],
    ["/a/../audit", "/audit"],
    // Same scheme, no host: a path on the console.
    ["https:evil.example", "/evil.example"],
    [null, "/"],
    ["", "/"],
  ])("keeps the console's own page %j as %j", (value, expected) => {
    expect(adminReturnPath(value, ADMIN)).toBe(expected);
  });

  it.each([
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "http://admin.example.com/",
    "https://admin.example.com.evil.example/",
    "https://user:pw@admin.example.com/",
    "javascript:alert(1)",
    "data:text/html,x",
    `${ADMIN}//evil.example/`,
    "/\t/evil.example",
  ])("refuses %j", (value) => {
    expect(adminReturnPath(value, ADMIN)).toBeNull();
  });

  it("refuses anything but a string of a sensible length", () => {
    expect(adminReturnPath(`/${"x".repeat(2_000)}`, ADMIN)).toBeNull();
    expect(adminReturnPath(["/"], ADMIN)).toBeNull();
    expect(adminReturnPath({ path: "/" }, ADMIN)).toBeNull();
  });
});

describe("confirmPath", () => {
  it("carries the page to come back to, encoded", () => {
    expect(confirmPath("/users/a?b=c")).toBe("/confirm?returnTo=%2Fusers%2Fa%3Fb%3Dc");
  });
});
