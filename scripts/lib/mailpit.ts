// Builds (once, cached outside the repository) and starts Mailpit: an SMTP server with a web
// inbox and a REST API, so that the apps' mail can be read in development and in the tests
// without sending any. Built from the Go module proxy, like tools/ferretdb.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";

const MODULE = "github.com/axllent/mailpit";
const VERSION = "v1.33.1";
const READY_TIMEOUT_MS = 30_000;

export interface RunningMailpit {
  /** Where the apps send mail: SMTP_URL. */
  smtpUrl: string;
  /** The web inbox, and the REST API under /api/v1. */
  inboxUrl: string;
  stop(): Promise<void>;
}

function cacheDir(): string {
  // Scripts may read the environment; only the apps' runtime code may not.
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  return join(base, "monorepo-auth");
}

/** Path of the Mailpit binary, building it with the machine's Go if needed. */
export async function mailpitBinary(log: (line: string) => void): Promise<string> {
  const dir = join(cacheDir(), `mailpit-${VERSION}`);
  const binary = join(dir, "mailpit");
  if (existsSync(binary)) return binary;

  log(`building Mailpit ${VERSION} with Go (first run only; about a minute) → ${binary}`);
  const partial = `${dir}.partial-${String(process.pid)}`;
  await mkdir(partial, { recursive: true });
  try {
    await promisify(execFile)("go", ["install", `${MODULE}@${VERSION}`], {
      env: { ...process.env, GOBIN: partial },
      maxBuffer: 16 * 1024 * 1024,
    });
    await rm(dir, { recursive: true, force: true });
    await rename(partial, dir);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    const missingGo = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new Error(
      missingGo
        ? "Go is not installed, so Mailpit cannot be built. Set SMTP_URL or install Go ≥ 1.24."
        : "Building Mailpit failed (see the cause).",
      { cause: error },
    );
  }
  return binary;
}

/** A port no one listens on now, on the loopback interface. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

/**
 * Starts Mailpit on free loopback ports, its mail in a temporary file. It stops with this
 * process at the latest: a shell holds it and ends it when its standard input closes.
 */
export async function startMailpit(log: (line: string) => void): Promise<RunningMailpit> {
  const binary = await mailpitBinary(log);
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const args = [
    "--listen",
    `127.0.0.1:${String(httpPort)}`,
    "--smtp",
    `127.0.0.1:${String(smtpPort)}`,
    // No --database: a temporary file, removed when Mailpit stops.
    "--disable-version-check",
    "--quiet",
  ];
  const quoted = [binary, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(" ");
  const child = spawn("sh", ["-c", `${quoted} & pid=$!; cat >/dev/null; kill $pid; wait $pid`], {
    stdio: ["pipe", "ignore", "inherit"],
  });
  const inboxUrl = `http://127.0.0.1:${String(httpPort)}`;
  await waitUntilReady(`${inboxUrl}/api/v1/info`, () => child.exitCode !== null);
  return {
    smtpUrl: `smtp://127.0.0.1:${String(smtpPort)}`,
    inboxUrl,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once("exit", () => {
          resolve();
        });
        child.stdin.end();
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}

async function waitUntilReady(url: string, exited: () => boolean): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < READY_TIMEOUT_MS) {
    if (exited()) throw new Error("Mailpit exited during start-up");
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Mailpit did not start within ${String(READY_TIMEOUT_MS / 1000)} s`);
}
