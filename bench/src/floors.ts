// The frameworks' floors: a bare app of each framework the kit's apps are built on, with the
// same versions and adapters, serving one page like the app's and nothing else (no auth, no
// database, no kit server around the adapter). bench/floors/*; built by `npm run build`.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import { freePort } from "@monorepo-auth/testing/app-server";

import { childProcessEnv } from "./env.ts";

export type FloorName = "astro" | "next" | "sveltekit";

export interface FloorServer {
  name: `floor-${FloorName}`;
  url: string;
  pid: number;
  logs(): string;
  stop(): Promise<void>;
}

const floorDir = (name: FloorName): string =>
  fileURLToPath(new URL(`../floors/${name}/`, import.meta.url));

/** Each floor's production server, as the framework's own documentation starts it. */
function command(name: FloorName, port: number): { args: string[]; built: string } {
  const dir = floorDir(name);
  switch (name) {
    case "astro":
      return { args: ["dist/server/entry.mjs"], built: "dist/server/entry.mjs" };
    case "sveltekit":
      return { args: ["dist/index.js"], built: "dist/index.js" };
    case "next": {
      const next = createRequire(`${dir}package.json`).resolve("next/dist/bin/next");
      return {
        args: [next, "start", "--hostname", "127.0.0.1", "--port", String(port)],
        built: ".next/BUILD_ID",
      };
    }
  }
}

/** Throws unless every floor has a production build. */
export function checkFloorBuilds(): void {
  for (const name of ["astro", "next", "sveltekit"] as const) {
    const { built } = command(name, 0);
    if (!existsSync(`${floorDir(name)}${built}`)) {
      throw new Error(
        `the ${name} floor has no production build: run \`npm run build\` first (\`npm run bench\` does)`,
      );
    }
  }
}

/**
 * Starts a floor on a free loopback port and waits until `readyPath` answers 200.
 * `env` goes on top of PATH and HOME (e.g. NODE_OPTIONS).
 */
export async function startFloor(
  name: FloorName,
  readyPath: string,
  env: Record<string, string> = {},
): Promise<FloorServer> {
  const port = await freePort();
  const child = spawn(process.execPath, command(name, port).args, {
    cwd: floorDir(name),
    env: {
      ...childProcessEnv(),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      ASTRO_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${String(port)}`;
  const stop = (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`floor ${name} exited with code ${String(child.exitCode)}:\n${output}`);
    }
    const status = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(5_000) })
      .then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      })
      .catch(() => null);
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`floor ${name} did not answer 200 on ${readyPath} within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { name: `floor-${name}`, url, pid: child.pid ?? -1, logs: () => output, stop };
}
