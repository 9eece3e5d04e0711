// The key that seals authenticator keys, for `npm run dev` and `npm start` on this machine:
// AUTH_ENCRYPTION_KEY when set; otherwise one made on first use and kept in the local data
// folder (mode 600, never committed: .data is ignored), so that authenticator apps set up
// here keep working across restarts. Production sets its own (see .env.example).
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function localEncryptionKey(dataDir: string, log: (line: string) => void): string {
  const fromEnv = process.env.AUTH_ENCRYPTION_KEY;
  if (fromEnv) return fromEnv;
  const path = join(dataDir, "encryption-key");
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const key = randomBytes(32).toString("base64");
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: "wx" });
    log(`made a key for authenticator apps in ${path} (set AUTH_ENCRYPTION_KEY in production)`);
    return key;
  }
}
