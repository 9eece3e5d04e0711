import { describe, expect, it } from "vitest";

import { base32, matchTotpStep, totpCode, totpKeyUri, totpStep } from "./totp.ts";

// RFC 6238, Appendix B: the SHA-1 key and times, the last six digits of each code.
const RFC_KEY = new TextEncoder().encode("12345678901234567890");
const RFC_VECTORS: [number, string][] = [
  [59, "287082"],
  [1111111109, "081804"],
  [1111111111, "050471"],
  [1234567890, "005924"],
  [2000000000, "279037"],
  [20000000000, "353130"],
];

describe("TOTP", () => {
  it.each(RFC_VECTORS)("at %i s the code is %s (RFC 6238)", (seconds, code) => {
    expect(totpCode(RFC_KEY, totpStep(new Date(seconds * 1000)))).toBe(code);
  });

  it("accepts the step before, the current and the next one; nothing further or malformed", () => {
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    for (const drift of [-1, 0, 1]) {
      expect(matchTotpStep(RFC_KEY, totpCode(RFC_KEY, step + drift), now)).toBe(step + drift);
    }
    for (const drift of [-2, 2]) {
      expect(matchTotpStep(RFC_KEY, totpCode(RFC_KEY, step + drift), now)).toBeNull();
    }
    for (const code of ["", "12345", "1234567", "12 456", "abcdef", "１２３４５６"]) {
      expect(matchTotpStep(RFC_KEY, code, now)).toBeNull();
    }
  });

  it("writes keys in base32 (RFC 4648) and as an otpauth URI", () => {
    expect(base32(new TextEncoder().encode("foobar"))).toBe("MZXW6YTBOI");
    expect(base32(RFC_KEY)).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    const uri = new URL(totpKeyUri({ issuer: "example.com", account: "ada", key: RFC_KEY }));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/example.com:ada");
    expect(uri.searchParams.get("secret")).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("period")).toBe("30");
  });
});
