// npm run bench [-- suite…]: benchmarks (not tests) on a fresh local database, or MONGODB_URI.
// Builds the apps (the HTTP suite runs their production builds), runs each suite in
// bench/src/ as its own process, then writes the index and chart of docs/bench/ from the
// reports. Prints the tables and writes them to docs/bench/ as Markdown and JSON.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { startLocalDatabase } from "./lib/local-database.ts";
import { repoRoot } from "./lib/paths.ts";
import { run } from "./lib/run.ts";

// In this order: the in-process suites first, the HTTP suite (which starts the apps) last.
const SUITES = ["core", "validation", "login", "growth", "http"];

const log = (line: string): void => {
  console.log(`[bench] ${line}`);
};

const started = performance.now();
const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !SUITES.includes(name));
if (unknown.length > 0) {
  console.error(`unknown suite ${unknown.join(", ")}; the suites are ${SUITES.join(", ")}`);
  process.exit(2);
}
const suites = requested.length > 0 ? SUITES.filter((name) => requested.includes(name)) : SUITES;

if (suites.includes("http")) {
  // Turborepo's cache makes this quick when nothing changed.
  log("building the apps (npm run build)");
  const npm = process.env.npm_execpath;
  const code = npm
    ? await run(process.execPath, [npm, "run", "build"], { cwd: repoRoot })
    : await run("npm", ["run", "build"], { cwd: repoRoot });
  if (code !== 0) {
    console.error("[bench] npm run build failed: the HTTP suite needs the production builds");
    process.exit(1);
  }
}

const workDir = await mkdtemp(join(tmpdir(), "monorepo-auth-bench-"));
const database = await startLocalDatabase({
  externalUri: process.env.MONGODB_URI,
  dataDir: workDir,
  log,
});

let failed = false;
try {
  const env = {
    ...process.env,
    MONGODB_URI: database.uri,
    BENCH_DATABASE_KIND: database.kind === "FerretDB" ? "FerretDB 1.24 (SQLite)" : database.kind,
    BENCH_OUT_DIR: join(repoRoot, "docs", "bench"),
  };
  for (const suite of [...suites, "summary"]) {
    log(`running bench/src/${suite}.ts`);
    const code = await run(process.execPath, [join(repoRoot, "bench", "src", `${suite}.ts`)], {
      env,
    });
    if (code !== 0) {
      log(`bench/src/${suite}.ts failed with exit code ${String(code)}`);
      failed = true;
    }
  }
} finally {
  await database.stop();
  await rm(workDir, { recursive: true, force: true });
}
log(`done in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
process.exit(failed ? 1 : 0);
