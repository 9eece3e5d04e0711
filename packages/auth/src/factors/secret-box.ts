import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Secrets the kit must read back (TOTP keys) are sealed with AES-256-GCM under a key from
 * AUTH_ENCRYPTION_KEY. The setting lists keys, newest first: the first seals, any of them
 * opens, so a key is rotated by putting a new one in front and dropping the old one once
 * every sealed secret has been opened and sealed again (decision 0023). Each sealed value
 * names its key by a short fingerprint, and is bound to what it belongs to (the user id), so
 * a value copied onto another user opens nowhere.
 */
export interface SecretBox {
  seal(plain: Uint8Array, boundTo: string): string;
  /** The secret, and whether it was sealed with an older key (seal it again), or null. */
  open(sealed: string, boundTo: string): { plain: Uint8Array; stale: boolean } | null;
}

const VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;

/** The keys of AUTH_ENCRYPTION_KEY: base64 (or base64url) of 32 bytes each, comma-separated. */
export function parseEncryptionKeys(value: string): Uint8Array[] {
  const keys = value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) =>
      Buffer.from(part, part.includes("-") || part.includes("_") ? "base64url" : "base64"),
    );
  if (keys.length === 0 || keys.some((key) => key.length !== KEY_BYTES)) {
    throw new Error(
      "AUTH_ENCRYPTION_KEY must be one or more base64 keys of 32 bytes, comma-separated",
    );
  }
  return keys;
}

const fingerprint = (key: Uint8Array): string =>
  createHash("sha256").update(key).digest("base64url").slice(0, 8);

export function createSecretBox(keys: readonly Uint8Array[]): SecretBox {
  const [current] = keys;
  if (!current) throw new Error("A secret box needs a key");
  const byId = new Map(keys.map((key) => [fingerprint(key), key]));
  const currentId = fingerprint(current);
  return {
    seal(plain, boundTo) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      cipher.setAAD(Buffer.from(boundTo));
      const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, currentId, iv, tag, sealed]
        .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
        .join(".");
    },
    open(sealed, boundTo) {
      const [version, keyId = "", iv = "", tag = "", body = ""] = sealed.split(".");
      const key = byId.get(keyId);
      if (version !== VERSION || !key) return null;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(boundTo));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        const plain = Buffer.concat([
          decipher.update(Buffer.from(body, "base64url")),
          decipher.final(),
        ]);
        return { plain: new Uint8Array(plain), stale: keyId !== currentId };
      } catch {
        return null;
      }
    },
  };
}
