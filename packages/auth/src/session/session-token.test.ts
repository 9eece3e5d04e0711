import { describe, expect, it } from "vitest";

import {
  generateSessionToken,
  hashSessionSecret,
  parseSessionToken,
  verifySessionSecret,
} from "./session-token.ts";

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;

function otherCharacter(character: string): string {
  return character === "A" ? "B" : "A";
}

describe("generateSessionToken", () => {
  it("issues <id>.<secret> in base64url, 22 and 43 characters long", () => {
    const { token, id, secret } = generateSessionToken();
    expect(token).toMatch(TOKEN_FORMAT);
    expect(token).toBe(`${id}.${secret}`);
    expect(Buffer.from(id, "base64url")).toHaveLength(16);
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
  });

  it("never repeats a token or an id in 1,000 draws", () => {
    const generated = Array.from({ length: 1_000 }, () => generateSessionToken());
    expect(generated.every(({ token }) => TOKEN_FORMAT.test(token))).toBe(true);
    expect(new Set(generated.map(({ token }) => token)).size).toBe(1_000);
    expect(new Set(generated.map(({ id }) => id)).size).toBe(1_000);
    expect(new Set(generated.map(({ secret }) => secret)).size).toBe(1_000);
  });

  it("returns the SHA-256 of the secret for storage, and the token does not reveal it", () => {
    const { token, secret, secretHash } = generateSessionToken();
    expect(secretHash).toHaveLength(32);
    expect(Buffer.from(secretHash).equals(Buffer.from(hashSessionSecret(secret)))).toBe(true);
    const hash = Buffer.from(secretHash);
    for (const encoding of ["hex", "base64", "base64url"] as const) {
      expect(token).not.toContain(hash.toString(encoding));
    }
  });
});

describe("hashSessionSecret", () => {
  it("is SHA-256: deterministic, 32 bytes, different for different secrets", () => {
    const hash = Buffer.from(hashSessionSecret("secret"));
    expect(hash.toString("hex")).toBe(
      "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b",
    );
    expect(Buffer.from(hashSessionSecret("secret")).equals(hash)).toBe(true);
    expect(Buffer.from(hashSessionSecret("secreT")).equals(hash)).toBe(false);
  });
});

describe("parseSessionToken", () => {
  it("accepts every generated token and splits it into id and secret", () => {
    for (let index = 0; index < 100; index++) {
      const { token, id, secret } = generateSessionToken();
      expect(parseSessionToken(token)).toEqual({ id, secret });
    }
  });

  const valid = generateSessionToken().token;
  const [validId = "", validSecret = ""] = valid.split(".");

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
    ["a boolean", true],
    ["an operator object", { $ne: null }],
    ["an object with the parts", { id: validId, secret: validSecret }],
    ["an array holding a token", [valid]],
    ["a String object", new String(valid)],
  ])("refuses %s", (_label, token) => {
    expect(parseSessionToken(token)).toBeNull();
  });

  it.each([
    ["an empty string", ""],
    ["a single character", "x"],
    ["4 KB of a", "a".repeat(4_096)],
    ["only a dot", "."],
    ["a missing secret", `${validId}.`],
    ["a missing id", `.${validSecret}`],
    ["no dot", `${validId}${validSecret}`],
    ["an id one character short", `${validId.slice(1)}.${validSecret}`],
    ["an id one character long", `${validId}A.${validSecret}`],
    ["a secret one character short", `${validId}.${validSecret.slice(1)}`],
    ["a secret one character long", `${validId}.${validSecret}A`],
    ["a second dot", `${valid}.x`],
    ["a dot inside the secret", `${validId}.${validSecret.slice(0, 20)}.${validSecret.slice(21)}`],
    ["the token twice", `${valid}${valid}`],
    ["a plus sign", `${validId.slice(1)}+.${validSecret}`],
    ["a slash", `${validId}.${validSecret.slice(1)}/`],
    ["base64 padding", `${validId.slice(2)}==.${validSecret}`],
    ["a leading space", ` ${valid}`],
    ["a trailing space", `${valid} `],
    ["a trailing newline", `${valid}\n`],
    ["a leading tab", `\t${valid}`],
    ["a NUL byte", `${valid.slice(0, -1)}\u0000`],
    ["a non-ASCII letter", `${validId.slice(1)}é.${validSecret}`],
    ["a percent-encoded character", `${validId.slice(3)}%2D.${validSecret}`],
  ])("refuses %s", (_label, token) => {
    expect(parseSessionToken(token)).toBeNull();
  });
});

describe("verifySessionSecret", () => {
  it("accepts the secret the hash was made from", () => {
    const { secret, secretHash } = generateSessionToken();
    expect(verifySessionSecret(secret, secretHash)).toBe(true);
  });

  it("refuses a secret with any one character changed", () => {
    const { secret, secretHash } = generateSessionToken();
    for (const index of [0, 1, 21, secret.length - 1]) {
      const changed =
        secret.slice(0, index) + otherCharacter(secret.charAt(index)) + secret.slice(index + 1);
      expect(verifySessionSecret(changed, secretHash)).toBe(false);
    }
  });

  it("refuses another session's secret, an empty secret and a truncated one", () => {
    const { secret, secretHash } = generateSessionToken();
    expect(verifySessionSecret(generateSessionToken().secret, secretHash)).toBe(false);
    expect(verifySessionSecret("", secretHash)).toBe(false);
    expect(verifySessionSecret(secret.slice(0, -1), secretHash)).toBe(false);
  });

  it.each([0, 16, 31, 33, 64])(
    "returns false, without throwing, for a %i-byte stored hash",
    (length) => {
      const { secret, secretHash } = generateSessionToken();
      const stored = new Uint8Array(length);
      stored.set(secretHash.subarray(0, Math.min(length, secretHash.length)));
      expect(verifySessionSecret(secret, stored)).toBe(false);
    },
  );
});
