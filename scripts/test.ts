// npm test: every test of the project, in one command, against a real database.
//   1. a fresh database server (MONGODB_URI when set, else a throw-away local one);
//   2. the production builds of both apps (Turborepo caches them);
//   3. unit and integration tests (Vitest, every workspace);
//   4. browser journeys (Playwright driving Chromium, e2e/);
// then one line of totals over all suites. Extra arguments go to Vitest (e.g. a file filter);
// with arguments, the browser journeys are skipped, as a filter means "just these".
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { startLocalDatabase } from "./lib/local-database.ts";
import { repoRoot } from "./lib/paths.ts";
import { run } from "./lib/run.ts";
import {
  addTotals,
  formatTotals,
  noTotals,
  playwrightTotals,
  vitestTotals,
  type Totals,
} from "./lib/totals.ts";

const log = (line: string): void => {
  console.log(`[test] ${line}`);
};
const bin = (name: string): string => join(repoRoot, "node_modules", ".bin", name);
const filters = process.argv.slice(2);

const workDir = await mkdtemp(join(tmpdir(), "monorepo-auth-test-"));
const database = await startLocalDatabase({
  externalUri: process.env.MONGODB_URI,
  dataDir: workDir,
  log,
});
const env = {
  ...process.env,
  MONGODB_URI: database.uri,
  NEXT_TELEMETRY_DISABLED: "1",
  ASTRO_TELEMETRY_DISABLED: "1",
  TURBO_TELEMETRY_DISABLED: "1",
};

let totals: Totals = noTotals();
try {
  log("building the apps");
  const buildCode = await run(bin("turbo"), ["run", "build", "--output-logs=errors-only"], {
    cwd: repoRoot,
    env,
  });
  if (buildCode !== 0) {
    totals = { ...totals, failed: totals.failed + 1 };
    throw new Error("the build failed; no tests were run");
  }

  log("unit and integration tests (Vitest)");
  const vitestReport = join(workDir, "vitest.json");
  await run(
    bin("vitest"),
    [
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${vitestReport}`,
      ...filters,
    ],
    { cwd: repoRoot, env },
  );
  totals = addTotals(totals, vitestTotals(vitestReport));

  if (filters.length === 0) {
    log("browser journeys (Playwright, Chromium)");
    const playwrightReport = join(workDir, "playwright.json");
    await run(
      bin("playwright"),
      ["test", "--config", join(repoRoot, "e2e", "playwright.config.ts"), "--reporter=list,json"],
      { cwd: repoRoot, env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport } },
    );
    totals = addTotals(totals, playwrightTotals(playwrightReport));
  }
} catch (error) {
  log((error as Error).message);
} finally {
  await database.stop();
  await rm(workDir, { recursive: true, force: true });
}

console.log(formatTotals(totals));
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
