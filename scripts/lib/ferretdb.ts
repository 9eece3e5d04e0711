// Builds (once, cached outside the repository) and starts tools/ferretdb: FerretDB v1
// on SQLite, for machines that cannot get a real mongod.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";

import { repoRoot } from "./paths.ts";

const SOURCE_DIR = join(repoRoot, "tools", "ferretdb");
const SOURCE_FILES = ["main.go", "go.mod", "go.sum", "patches.json"];
// Whole files added to the vendored FerretDB module, at the same paths under it.
const OVERLAY_DIR = join(SOURCE_DIR, "_overlay");
const FERRETDB_MODULE = join("vendor", "github.com", "FerretDB", "FerretDB");
const READY_TIMEOUT_MS = 30_000;

export interface RunningServer {
  uri: string;
  stop(): Promise<void>;
}

function cacheDir(): string {
  // Scripts may read the environment; only the apps' runtime code may not.
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  return join(base, "monorepo-auth");
}

/** Path of the launcher binary for the current sources, building it if needed. */
export async function ferretdbBinary(log: (line: string) => void): Promise<string> {
  const hash = createHash("sha256");
  for (const file of SOURCE_FILES) hash.update(await readFile(join(SOURCE_DIR, file)));
  for (const file of await overlayFiles()) {
    hash.update(file);
    hash.update(await readFile(join(OVERLAY_DIR, file)));
  }
  const binary = join(cacheDir(), `ferretdb-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(binary)) return binary;

  log(`building tools/ferretdb with Go (first run only; about a minute) → ${binary}`);
  await mkdir(cacheDir(), { recursive: true });
  const partial = `${binary}.partial-${process.pid}`;
  const buildDir = await mkdtemp(join(tmpdir(), "monorepo-auth-ferretdb-"));
  try {
    await buildPatched(buildDir, partial);
  } catch (error) {
    const missingGo = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new Error(
      missingGo
        ? "Go is not installed, so tools/ferretdb cannot be built. Set MONGODB_URI or install Go ≥ 1.24."
        : "Building tools/ferretdb failed (see the cause).",
      { cause: error },
    );
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
  await rename(partial, binary);
  return binary;
}

interface Patch {
  file: string;
  from: string;
  to: string;
  why: string;
}

/** The overlay's files, relative to it, in a stable order. */
async function overlayFiles(): Promise<string[]> {
  const entries = await readdir(OVERLAY_DIR, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(OVERLAY_DIR, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Builds the launcher in a scratch copy: its modules are vendored there, the files of
 * tools/ferretdb/_overlay added to FerretDB's, and tools/ferretdb/patches.json applied
 * (each patch must match exactly once, so an upgrade that moves the code fails the build
 * instead of silently dropping the fix).
 */
async function buildPatched(buildDir: string, output: string): Promise<void> {
  const go = (args: string[]) =>
    promisify(execFile)("go", args, { cwd: buildDir, maxBuffer: 16 * 1024 * 1024 });
  for (const file of SOURCE_FILES) await copyFile(join(SOURCE_DIR, file), join(buildDir, file));
  await go(["mod", "vendor"]);
  for (const file of await overlayFiles()) {
    const target = join(buildDir, FERRETDB_MODULE, file);
    if (existsSync(target))
      throw new Error(`tools/ferretdb/_overlay/${file} would replace FerretDB's`);
    await copyFile(join(OVERLAY_DIR, file), target);
  }
  const patches = JSON.parse(await readFile(join(SOURCE_DIR, "patches.json"), "utf8")) as Patch[];
  for (const patch of patches) {
    const path = join(buildDir, "vendor", patch.file);
    const source = await readFile(path, "utf8");
    if (source.split(patch.from).length !== 2) {
      throw new Error(`tools/ferretdb/patches.json: "${patch.from}" is not in ${patch.file} once`);
    }
    await writeFile(path, source.replace(patch.from, patch.to));
  }
  await go(["build", "-mod=vendor", "-o", output, "."]);
}

/** Starts FerretDB on a free loopback port; it stops with this process at the latest. */
export async function startFerretdb(
  dataDir: string,
  log: (line: string) => void,
): Promise<RunningServer> {
  const binary = await ferretdbBinary(log);
  const child = spawn(binary, ["-listen", "127.0.0.1:0", "-data", dataDir, "-exit-with-stdin"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const uri = await readyUri(child);
  return {
    uri,
    stop: () => stopChild(child),
  };
}

function readyUri(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`FerretDB did not start within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`FerretDB exited during start-up with code ${code}`));
    });
    if (!child.stdout) throw new Error("FerretDB was started without a stdout pipe");
    // Reading goes on after "ready", so the server never blocks on a full pipe.
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const match = /^ready (mongodb:\/\/\S+)$/.exec(line);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve(match[1]);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => {
      resolve();
    });
    child.stdin?.end();
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  });
}
