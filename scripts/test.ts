// npm test: every test of the project, in one command, against a real database.
//   1. a fresh database server (MONGODB_URI when set, else a throw-away local one), and
//      Mailpit, whose inbox the tests read the apps' mail from;
//   2. the production builds of both apps (Turborepo caches them);
//   3. unit and integration tests (Vitest, every workspace);
//   4. browser journeys (Playwright driving Chromium, e2e/);
//   5. the security coverage check: every case of docs/security.md proved by a passed test;
// then one line of totals over all of it. Extra arguments go to Vitest (e.g. a file filter);
// with arguments, the browser journeys and the coverage check are skipped, as a filter means
// "just these". What counts as a failure is decided in lib/judge-run.ts and its neighbours.
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { judgeRun } from "./lib/judge-run.ts";
import { startLocalDatabase } from "./lib/local-database.ts";
import { startMailpit } from "./lib/mailpit.ts";
import { repoRoot } from "./lib/paths.ts";
import { parsePlaywrightReport } from "./lib/playwright-report.ts";
import { readReport } from "./lib/read-report.ts";
import { run } from "./lib/run.ts";
import {
  judgeSecurityCoverage,
  parseSecurityCases,
  skippedSecurityCoverage,
  testsNamingByCategory,
} from "./lib/security-coverage.ts";
import { PLAYWRIGHT_SUITES, SECURITY_CASES_FLOOR, VITEST_SUITES } from "./lib/test-floors.ts";
import type { TestRecord } from "./lib/test-record.ts";
import { exitCodeFor, failedStep, formatTotals, sumVerdicts, type Verdict } from "./lib/totals.ts";
import { parseVitestReport } from "./lib/vitest-report.ts";

const log = (line: string): void => {
  console.log(`[test] ${line}`);
};
const bin = (name: string): string => join(repoRoot, "node_modules", ".bin", name);
const filters = process.argv.slice(2);
const filtered = filters.length > 0;

const workDir = await mkdtemp(join(tmpdir(), "monorepo-auth-test-"));
const verdicts: Verdict[] = [];
try {
  const database = await startLocalDatabase({
    externalUri: process.env.MONGODB_URI,
    dataDir: workDir,
    log,
  });
  const mail = await startMailpit(log).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  try {
    const env = {
      ...process.env,
      MONGODB_URI: database.uri,
      SMTP_URL: mail.smtpUrl,
      MAILPIT_URL: mail.inboxUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      ASTRO_TELEMETRY_DISABLED: "1",
      TURBO_TELEMETRY_DISABLED: "1",
    };
    log("building the apps");
    const buildCode = await run(bin("turbo"), ["run", "build", "--output-logs=errors-only"], {
      cwd: repoRoot,
      env,
    });
    if (buildCode === 0) await runSuites(env);
    else verdicts.push(failedStep(`the build failed (exit code ${buildCode}); no tests were run`));
  } finally {
    await mail.stop();
    await database.stop();
  }
} catch (error) {
  verdicts.push(failedStep(`the test command failed: ${(error as Error).message}`));
} finally {
  await rm(workDir, { recursive: true, force: true });
}

const { totals, messages } = sumVerdicts(verdicts);
for (const message of messages) log(message);
console.log(formatTotals(totals));
process.exit(exitCodeFor(totals));

/** Vitest, then (unfiltered) Playwright and the coverage check; a verdict for each. */
async function runSuites(env: NodeJS.ProcessEnv): Promise<void> {
  log("unit and integration tests (Vitest)");
  const vitestReport = join(workDir, "vitest.json");
  const vitestCode = await run(
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
  const vitest = parseVitestReport(readReport(vitestReport, "Vitest"), repoRoot);
  verdicts.push(
    judgeRun({
      runner: "Vitest",
      exitCode: vitestCode,
      report: vitest,
      suites: VITEST_SUITES,
      checkFloors: !filtered,
    }),
  );
  if (filtered) {
    verdicts.push(skippedSecurityCoverage());
    return;
  }

  log("browser journeys (Playwright, Chromium)");
  const playwrightReport = join(workDir, "playwright.json");
  const playwrightCode = await run(
    bin("playwright"),
    ["test", "--config", join(repoRoot, "e2e", "playwright.config.ts"), "--reporter=list,json"],
    { cwd: repoRoot, env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport } },
  );
  const playwright = parsePlaywrightReport(readReport(playwrightReport, "Playwright"), repoRoot);
  verdicts.push(
    judgeRun({
      runner: "Playwright",
      exitCode: playwrightCode,
      report: playwright,
      suites: PLAYWRIGHT_SUITES,
      checkFloors: true,
    }),
  );

  const cases = parseSecurityCases(readFileSync(join(repoRoot, "docs", "security.md"), "utf8"));
  const tests: TestRecord[] = [...vitest.tests, ...playwright.tests];
  verdicts.push(judgeSecurityCoverage(cases, tests, SECURITY_CASES_FLOOR));
  const byCategory = testsNamingByCategory(cases, tests);
  log(
    `tests naming a security case, by category: ${byCategory.map(([category, count]) => `${category} ${String(count)}`).join(", ")}`,
  );
}
