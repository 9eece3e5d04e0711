import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { createSecretBox, parseEncryptionKeys } from "./secret-box.ts";

const key = () => randomBytes(32);

describe("the secret box", () => {
  it("opens what it sealed, for the same owner only, and never shows the secret", () => {
    const box = createSecretBox([key()]);
    const secret = randomBytes(20);
    const sealed = box.seal(secret, "user-1");
    expect(sealed).not.toContain(secret.toString("base64url"));
    expect(sealed).not.toContain(secret.toString("hex"));
    expect(Buffer.from(box.open(sealed, "user-1")?.plain ?? [])).toEqual(secret);
    expect(box.open(sealed, "user-2")).toBeNull();
    // Two seals of one secret differ (a fresh IV each).
    expect(box.seal(secret, "user-1")).not.toBe(sealed);
  });

  it("refuses anything tampered with, or sealed under a key it does not hold", () => {
    const box = createSecretBox([key()]);
    const sealed = box.seal(randomBytes(20), "u");
    const parts = sealed.split(".");
    const flipped = [...parts];
    const body = Buffer.from(parts[4] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    flipped[4] = body.toString("base64url");
    for (const bad of [flipped.join("."), sealed.replace("v1.", "v2."), "", "v1", "a.b.c.d.e"]) {
      expect(box.open(bad, "u")).toBeNull();
    }
    expect(createSecretBox([key()]).open(sealed, "u")).toBeNull();
  });

  it("rotates: a new key in front seals, the old one still opens and says so", () => {
    const old = key();
    const sealed = createSecretBox([old]).seal(Buffer.from("secret"), "u");
    const rotated = createSecretBox([key(), old]);
    expect(rotated.open(sealed, "u")).toMatchObject({ stale: true });
    expect(rotated.open(rotated.seal(Buffer.from("secret"), "u"), "u")).toMatchObject({
      stale: false,
    });
  });

  it("reads AUTH_ENCRYPTION_KEY: 32-byte base64 keys, comma-separated; nothing else", () => {
    const a = key();
    const b = key();
    expect(parseEncryptionKeys(`${a.toString("base64")}, ${b.toString("base64url")}`)).toEqual([
      a,
      b,
    ]);
    for (const bad of ["", " , ", randomBytes(16).toString("base64"), "not base64 at all!"]) {
      expect(() => parseEncryptionKeys(bad)).toThrow(/AUTH_ENCRYPTION_KEY/);
    }
  });
});
