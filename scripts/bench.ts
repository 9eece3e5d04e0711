// npm run bench: benchmarks (not tests) on a fresh local database, or MONGODB_URI.
// Prints the tables and writes them to docs/bench/ as Markdown and JSON.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { startLocalDatabase } from "./lib/local-database.ts";
import { repoRoot } from "./lib/paths.ts";
import { run } from "./lib/run.ts";

const log = (line: string): void => {
  console.log(`[bench] ${line}`);
};
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
  for (const suite of ["core"]) {
    log(`running bench/src/${suite}.ts`);
    const code = await run(process.execPath, [join(repoRoot, "bench", "src", `${suite}.ts`)], {
      env,
    });
    if (code !== 0) failed = true;
  }
} finally {
  await database.stop();
  await rm(workDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
