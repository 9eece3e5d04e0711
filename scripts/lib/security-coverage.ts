// Whether every case of docs/security.md is proved by a test that ran and passed: a test
// whose title (or a `describe` around it) names the case's id, in a file the case's row
// lists under "Tested in". Judged from the runners' reports after the run, because a test
// cannot see the results of the run it is part of, and a name in a comment proves nothing.
import type { TestRecord } from "./test-record.ts";
import type { Verdict } from "./totals.ts";

/** One row of the cases table. */
export interface SecurityCase {
  id: string;
  /** The "Tested in" column: test files relative to the repository's root. */
  files: string[];
}

const CASE_ROW = /^\|\s*([A-Z]{2}-\d{2})\s*\|/;

/** The cases table of docs/security.md: each row's id and the files its last column names. */
export function parseSecurityCases(markdown: string): SecurityCase[] {
  return markdown.split("\n").flatMap((line) => {
    const id = CASE_ROW.exec(line)?.[1];
    if (id === undefined) return [];
    // Cells are split at pipes that Markdown has not escaped.
    const cells = line
      .trim()
      .replace(/^\||\|$/g, "")
      .split(/(?<!\\)\|/);
    const testedIn = cells.at(-1) ?? "";
    const files = [...testedIn.matchAll(/\[`([^`]+)`\]/g)].map((match) => match[1] ?? "");
    return [{ id, files }];
  });
}

/** Whether a title names the id as a whole word: CS-01, not CS-010 or XCS-01. */
export function titleNames(title: string, id: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9-])${id}(?![0-9])`).test(title);
}

/**
 * Why a case is not proved, or null when a passed test in one of its listed files names it.
 */
export function whyUnproved(
  securityCase: SecurityCase,
  tests: readonly TestRecord[],
): string | null {
  const { id, files } = securityCase;
  if (files.length === 0) return "its row lists no test file";
  const naming = tests.filter((test) => test.titles.some((title) => titleNames(title, id)));
  const listed = naming.filter((test) => files.includes(test.file));
  if (listed.some((test) => test.status === "passed")) return null;
  if (listed.length > 0) {
    const statuses = [...new Set(listed.map((test) => test.status))].join(", ");
    return `the tests naming it in its listed files did not pass (${statuses})`;
  }
  if (naming.length > 0) {
    const elsewhere = [...new Set(naming.map((test) => test.file))].join(", ");
    return `named only in files its row does not list: ${elsewhere}`;
  }
  return "no test title names it";
}

/**
 * The coverage check as one test of its own in the totals: passed when every case is
 * proved; failed, with one line per unproved case, when any is not or when the table has
 * fewer cases than `casesFloor` (a table that stopped parsing would otherwise prove nothing).
 */
export function judgeSecurityCoverage(
  cases: readonly SecurityCase[],
  tests: readonly TestRecord[],
  casesFloor: number,
): Verdict {
  const problems: string[] = [];
  if (cases.length < casesFloor) {
    problems.push(`docs/security.md lists ${cases.length} cases, under the floor of ${casesFloor}`);
  }
  const seen = new Set<string>();
  for (const securityCase of cases) {
    if (seen.has(securityCase.id)) problems.push(`${securityCase.id}: listed twice`);
    seen.add(securityCase.id);
    const why = whyUnproved(securityCase, tests);
    if (why !== null) problems.push(`${securityCase.id}: ${why}`);
  }
  if (problems.length === 0) {
    return { totals: { passed: 1, failed: 0, skipped: 0 }, messages: [] };
  }
  return {
    totals: { passed: 0, failed: 1, skipped: 0 },
    messages: [
      "docs/security.md: not every case is proved by a passed test that names it",
      ...problems.map((problem) => `  ${problem}`),
    ],
  };
}

/**
 * For each category of cases (the letters before the dash: CS, AD, OA…), how many passed
 * tests name one of its cases, most first: the README's table of them comes from a run.
 */
export function testsNamingByCategory(
  cases: readonly SecurityCase[],
  tests: readonly TestRecord[],
): [category: string, tests: number][] {
  const categories = [...new Set(cases.map(({ id }) => id.slice(0, 2)))];
  const counts = categories.map((category): [string, number] => {
    const ids = cases.filter(({ id }) => id.startsWith(`${category}-`)).map(({ id }) => id);
    const naming = tests.filter(
      (test) =>
        test.status === "passed" &&
        test.titles.some((title) => ids.some((id) => titleNames(title, id))),
    );
    return [category, naming.length];
  });
  return counts.sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

/** A filtered run does not run every test, so the coverage check cannot be judged. */
export function skippedSecurityCoverage(): Verdict {
  return {
    totals: { passed: 0, failed: 0, skipped: 1 },
    messages: ["docs/security.md coverage: skipped (a filtered run)"],
  };
}
