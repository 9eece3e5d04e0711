import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

import { baseProcessEnv } from "./env.ts";

export type AppName = "landing" | "web" | "admin";

export interface AppServer {
  name: AppName;
  /** Origin the server listens on, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  pid: number;
  /**
   * Whether the process has ended since it started (exited, crashed or killed). False means
   * every answer so far came from this one process: a pid alone cannot tell a restart.
   */
  hasExited(): boolean;
  /** Everything the server has written to stdout and stderr so far. */
  logs(): string;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  /**
   * Environment on top of a minimal base (PATH, HOME); never the test runner's own. The
   * app's own public URL (LANDING_URL, WEB_URL or ADMIN_URL) defaults to where it listens,
   * the other apps' to unused ports on the same host; the admin console's origin is among
   * AUTH_APP_ORIGINS unless that is given.
   */
  env: Record<string, string>;
  port?: number;
  /** How long to wait for the first answer on /api/health. */
  readyTimeoutMs?: number;
}

const appDir = (name: AppName): string =>
  fileURLToPath(new URL(`../../../apps/${name}/`, import.meta.url));

/** Runs the app's production build exactly as `npm start` in its folder would, on its own port. */
export async function startApp(name: AppName, options: StartAppOptions): Promise<AppServer> {
  const port = options.port ?? (await freePort());
  const child = spawnApp(name, port, {
    ...(await defaultUrls(name, port, options.env)),
    ...options.env,
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;

  try {
    await waitUntilAnswering(url, child, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${name} did not start: ${(error as Error).message}\n${output}`, {
      cause: error,
    });
  }
  return {
    name,
    url,
    port,
    pid: child.pid ?? -1,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
    logs: () => output,
    stop: () => stopProcess(child),
  };
}

/** Runs the app expecting it to refuse to start; resolves with its exit code and output. */
export async function runAppToExit(
  name: AppName,
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<{ code: number | null; output: string }> {
  const child = spawnApp(name, await freePort(), env);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, output };
}

// Every app's URL defaults to this host: apps on different hosts would need a cookie domain.
async function defaultUrls(
  name: AppName,
  port: number,
  env: Record<string, string>,
): Promise<Record<string, string>> {
  const own = `http://127.0.0.1:${port}`;
  const elsewhere = async () => `http://127.0.0.1:${await freePort()}`;
  const urls = {
    LANDING_URL: name === "landing" ? own : await elsewhere(),
    WEB_URL: name === "web" ? own : await elsewhere(),
  };
  if (name !== "admin") return urls;
  // The admin console starts only when its own origin is one of the app origins.
  const admin = env.ADMIN_URL ?? own;
  return { ...urls, ADMIN_URL: admin, AUTH_APP_ORIGINS: admin };
}

function spawnApp(name: AppName, port: number, env: Record<string, string>): ChildProcess {
  const base = {
    ...baseProcessEnv(),
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    ASTRO_TELEMETRY_DISABLED: "1",
    // The node adapter logs one line per start; keep it, it shows where the app listens.
    HOST: "127.0.0.1",
    PORT: String(port),
  };
  // Each app's production server, as `npm start` runs it.
  return spawn(process.execPath, ["server.ts"], {
    cwd: appDir(name),
    // Only what is given here: the runner's own settings must not leak into the app.
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`no answer on ${url} within ${timeoutMs} ms`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}
