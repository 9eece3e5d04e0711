import { describe, expect, it } from "vitest";

import { readDeviceCookie, serializeDeviceCookie } from "./device-cookie.ts";

const TOKEN = `${"A".repeat(22)}.${"B".repeat(43)}`;

describe("device cookie", () => {
  it("over https is __Host-device: Secure, Path=/, no Domain, HttpOnly, SameSite=Strict", () => {
    expect(serializeDeviceCookie(TOKEN, 3600, true)).toBe(
      `__Host-device=${TOKEN}; Max-Age=3600; Path=/; HttpOnly; SameSite=Strict; Secure`,
    );
  });

  it("over http is device, without Secure", () => {
    expect(serializeDeviceCookie(TOKEN, 60, false)).toBe(
      `device=${TOKEN}; Max-Age=60; Path=/; HttpOnly; SameSite=Strict`,
    );
  });

  it("is read only when sent exactly once, under the name for the scheme", () => {
    expect(readDeviceCookie(`a=1; device=${TOKEN}`, false)).toBe(TOKEN);
    expect(readDeviceCookie(`device=${TOKEN}; device=${TOKEN}`, false)).toBeNull();
    expect(readDeviceCookie(`device=${TOKEN}`, true)).toBeNull();
    expect(readDeviceCookie(`__Host-device=${TOKEN}`, true)).toBe(TOKEN);
    expect(readDeviceCookie(null, true)).toBeNull();
  });
});
