import { describe, expect, it } from "vitest";

import { safeRedirect } from "./safe-redirect.ts";

const APP = "http://127.0.0.1:3000";
const FALLBACK = "http://127.0.0.1:3000/";
const OPTIONS = { base: APP, allowedOrigins: [APP], fallback: FALLBACK };

/** safeRedirect, plus the promise every answer must keep: an absolute URL on the app. */
function redirect(target: unknown): string {
  const result = safeRedirect(target, OPTIONS);
  const url = new URL(result);
  expect(url.origin).toBe(APP);
  expect(url.username).toBe("");
  expect(url.password).toBe("");
  expect(result).not.toMatch(/[\r\n]/);
  return result;
}

describe("safeRedirect", () => {
  it.each([
    ["/account", `${APP}/account`],
    ["/account?tab=1#x", `${APP}/account?tab=1#x`],
    [`${APP}/account`, `${APP}/account`],
    ["/", `${APP}/`],
    ["account", `${APP}/account`],
    ["?tab=2", `${APP}/?tab=2`],
  ])("honours %j as %s", (target, expected) => {
    expect(redirect(target)).toBe(expected);
  });

  it.each([undefined, null, 42, true, {}, ["/a"], { href: "/a" }, Symbol("x"), () => "/a"])(
    "falls back for the non-string %o",
    (target) => {
      expect(redirect(target)).toBe(FALLBACK);
    },
  );

  it.each([
    ["the empty string", ""],
    ["another origin", "https://evil.com"],
    ["a protocol-relative URL", "//evil.com"],
    ["three slashes", "///evil.com"],
    ["a slash and a backslash", "/\\evil.com"],
    ["two backslashes", "\\\\evil.com"],
    ["a backslash and a slash", "\\/evil.com"],
    ["another scheme without slashes", "https:evil.com"],
    ["javascript:", "javascript:alert(1)"],
    ["upper-case JavaScript:", "JavaScript:alert(1)"],
    ["data:", "data:text/html,x"],
    ["the allowed origin as user info", `${APP}@evil.com`],
    ["user and password on the allowed origin", "http://user:pass@127.0.0.1:3000/"],
    ["a user on the allowed origin", "http://user@127.0.0.1:3000/"],
    ["a longer port", "http://127.0.0.1:30000/"],
    ["another port", "http://127.0.0.1:3001/"],
    ["https on the same host and port", "https://127.0.0.1:3000/"],
    ["another host name for the same machine", "http://localhost:3000/"],
    ["an unparsable URL", "http://[::1/"],
  ])("falls back for %s (%j)", (_label, target) => {
    expect(redirect(target)).toBe(FALLBACK);
  });

  it.each([
    ["a tab", "/\tevil"],
    ["a tab turning the path into //evil.com", "/\t/evil.com"],
    ["CR LF", "/account\r\nSet-Cookie: x=1"],
    ["LF", "/account\nx"],
    ["CR", "/account\rx"],
    ["NUL", "/account\u0000"],
    ["DEL", "/acc\u007fount"],
    ["a leading LF", "\n/account"],
    ["a trailing tab", "/account\t"],
    ["escape", "/\u001baccount"],
  ])("falls back for a target containing %s", (_label, target) => {
    expect(redirect(target)).toBe(FALLBACK);
  });

  it("keeps a percent-encoded CR LF encoded, on the allowed origin", () => {
    const result = redirect("/%0d%0aSet-Cookie:x");
    expect(result).toBe(`${APP}/%0d%0aSet-Cookie:x`);
  });

  it("resolves http:evil.com like a browser: a path on the app, not the host evil.com", () => {
    // With a base of the same special scheme, the WHATWG parser reads "http:evil.com" as the
    // relative path "evil.com", so the redirect stays on the app.
    expect(redirect("http:evil.com")).toBe(`${APP}/evil.com`);
  });

  it("falls back for a 3,000-character path but honours a 2,000-character one", () => {
    expect(redirect(`/${"a".repeat(2_999)}`)).toBe(FALLBACK);
    expect(redirect(`/${"a".repeat(1_999)}`)).toBe(`${APP}/${"a".repeat(1_999)}`);
  });

  it("honours another origin only when it is in allowedOrigins", () => {
    const landing = "http://127.0.0.1:4321";
    const options = { ...OPTIONS, allowedOrigins: [APP, landing] };
    expect(safeRedirect(`${landing}/pricing`, options)).toBe(`${landing}/pricing`);
    expect(safeRedirect("http://127.0.0.1:4322/pricing", options)).toBe(FALLBACK);
  });
});
