import { describe, expect, it } from "vitest";

import { readFlowCookie, serializeFlowCookie, serializeFlowCookieDeletion } from "./flow-cookie.ts";

const LOCAL = { secure: false, domain: undefined };
const ONE_HOST = { secure: true, domain: undefined };
const SHARED = { secure: true, domain: "example.com" };

describe("the flow cookie", () => {
  it("is HttpOnly, Lax and short-lived; host-only over https unless the apps share a domain", () => {
    expect(serializeFlowCookie("a.b", 600, LOCAL)).toBe(
      "oauth=a.b; Max-Age=600; Path=/; HttpOnly; SameSite=Lax",
    );
    expect(serializeFlowCookie("a.b", 600, ONE_HOST)).toBe(
      "__Host-oauth=a.b; Max-Age=600; Path=/; HttpOnly; SameSite=Lax; Secure",
    );
    // A link starts on web (app.example.com) and ends on landing's callback (example.com).
    expect(serializeFlowCookie("a.b", 600, SHARED)).toBe(
      "__Secure-oauth=a.b; Max-Age=600; Path=/; HttpOnly; SameSite=Lax; Secure; Domain=example.com",
    );
    expect(serializeFlowCookieDeletion(SHARED)).toContain("__Secure-oauth=; Max-Age=0");
  });

  it("is read only when the request carries exactly one, exactly as issued", () => {
    expect(readFlowCookie("session=x; oauth=a.b", LOCAL)).toBe("a.b");
    expect(readFlowCookie("oauth=a.b; oauth=c.d", LOCAL)).toBeNull();
    expect(readFlowCookie("__Secure-oauth=a.b", LOCAL)).toBeNull();
    expect(readFlowCookie(null, SHARED)).toBeNull();
  });
});
