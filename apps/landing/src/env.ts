// The only place in this app that reads process.env. Parsed once, on first use; the
// server entry calls it at start so a bad setting stops the process with its name.
import { parseAuthSettings, type AuthSettings } from "@monorepo-auth/auth/config/environment";

let settings: AuthSettings | undefined;

export function env(): AuthSettings {
  settings ??= parseAuthSettings(process.env);
  return settings;
}

/** Where the production server (server.ts) listens: HOST and PORT, as the node adapter reads them. */
export function listenAddress(): { host: string; port: number } {
  const port = Number(process.env.PORT ?? "4321");
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
    throw new Error("PORT must be a TCP port number");
  }
  return { host: process.env.HOST ?? "localhost", port };
}

/** The node adapter's entry starts a server of its own unless told not to; server.ts runs it. */
export function keepAdapterFromListening(): void {
  process.env.ASTRO_NODE_AUTOSTART = "disabled";
}
