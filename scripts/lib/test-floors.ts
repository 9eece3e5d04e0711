// The fewest tests each suite may run in a full `npm test`. A suite that suddenly runs fewer
// lost tests without failing any: a file no longer matched by its `include`, a `describe`
// that stopped registering its cases, a browser suite that never got past its set-up. Each
// floor sits a little under the suite's count when it was last raised; raise it when a suite
// grows for good, lower it only together with the change that removes tests on purpose.
// A filtered run (`npm test -- <filter>`) runs a part on purpose and checks no floor.

/** A suite of tests, recognised by the folder its files live in (relative to the root). */
export interface Suite {
  /** The Vitest project's name, or `e2e` for the Playwright journeys. */
  name: string;
  /** Every test file of the suite is under this folder, and no other suite's is. */
  dir: string;
  /** The fewest tests that must run (pass or fail; skipped ones do not count). */
  floor: number;
}

/** One entry per Vitest project of the root `vitest.config.ts`. */
export const VITEST_SUITES: readonly Suite[] = [
  { name: "auth", dir: "packages/auth", floor: 650 },
  { name: "db", dir: "packages/db", floor: 28 },
  { name: "server", dir: "packages/server", floor: 10 },
  { name: "display", dir: "packages/display", floor: 8 },
  { name: "mail", dir: "packages/mail", floor: 5 },
  { name: "landing", dir: "apps/landing", floor: 160 },
  { name: "web", dir: "apps/web", floor: 155 },
  { name: "admin", dir: "apps/admin", floor: 145 },
  { name: "security", dir: "security", floor: 13 },
  { name: "scripts", dir: "scripts", floor: 95 },
  { name: "e2e-support", dir: "e2e/support", floor: 10 },
  { name: "eslint-rules", dir: "tooling/eslint", floor: 14 },
];

/** The browser journeys (`e2e/playwright.config.ts`). */
export const PLAYWRIGHT_SUITES: readonly Suite[] = [
  { name: "e2e", dir: "e2e/journeys", floor: 18 },
];

/** The fewest cases `docs/security.md` may list: fewer means its table no longer parses. */
export const SECURITY_CASES_FLOOR = 108;
