// The only place in this app that reads process.env. Parsed once, on first use; the
// server entry calls it at start so a bad setting stops the process with its name.
import { parseAuthSettings, type AuthSettings } from "@monorepo-auth/auth/config/environment";

let settings: AuthSettings | undefined;

export function env(): AuthSettings {
  settings ??= parseAuthSettings(process.env);
  return settings;
}

/** True under `next dev`, whose hot reloading needs a looser Content-Security-Policy. */
export function isDevelopment(): boolean {
  return process.env.NODE_ENV !== "production";
}

/** Where the production server (server.ts) listens: HOST and PORT, as `next start` reads them. */
export function listenAddress(): { host: string; port: number } {
  const port = Number(process.env.PORT ?? "3000");
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
    throw new Error("PORT must be a TCP port number");
  }
  return { host: process.env.HOST ?? "localhost", port };
}
