import { describe, expect, it } from "vitest";

import {
  judgeSecurityCoverage,
  parseSecurityCases,
  skippedSecurityCoverage,
  testsNamingByCategory,
  titleNames,
  whyUnproved,
} from "./security-coverage.ts";
import type { TestRecord } from "./test-record.ts";

const TABLE = `
| ID    | Case                         | Expected         | Tested in                                                                   |
| ----- | ---------------------------- | ---------------- | --------------------------------------------------------------------------- |
| CS-01 | \`POST A/api/login\` foreign   | 403              | [\`apps/landing/test/csrf.test.ts\`](../apps/landing/test/csrf.test.ts)         |
| CK-01 | cookie \`a \\| b\` attributes  | \`HttpOnly\`       | [\`apps/a.test.ts\`](../apps/a.test.ts), [\`packages/b.test.ts\`](../packages/b.test.ts) |
| XX-09 | nothing listed               | —                |                                                                             |
`;

const CASE = { id: "CS-01", files: ["apps/landing/test/csrf.test.ts"] };

function test(file: string, titles: string[], status: TestRecord["status"] = "passed"): TestRecord {
  return { file, titles, status };
}

describe("parseSecurityCases", () => {
  it("reads each row's id and the files of its last column, escaped pipes and all", () => {
    expect(parseSecurityCases(TABLE)).toEqual([
      CASE,
      { id: "CK-01", files: ["apps/a.test.ts", "packages/b.test.ts"] },
      { id: "XX-09", files: [] },
    ]);
  });

  it("ignores rows that do not start with a case id", () => {
    expect(parseSecurityCases("| ID | Case |\n| -- | -- |\nno table here\n")).toEqual([]);
  });
});

describe("titleNames", () => {
  it.each([
    ["CS-01: login with Origin: evil", true],
    ["the CS-01 cases", true],
    ["(CS-01)", true],
    ["CS-010: another case", false],
    ["XCS-01", false],
    ["CS-0", false],
    ["cs-01 in lower case", false],
  ])("%s → %s", (title, expected) => {
    expect(titleNames(title, "CS-01")).toBe(expected);
  });
});

describe("whyUnproved", () => {
  it("proves a case by a passed test in a listed file that names it", () => {
    expect(whyUnproved(CASE, [test(CASE.files[0] ?? "", ["CS-01: refused"])])).toBeNull();
  });

  it("takes the id from an enclosing describe's title", () => {
    expect(
      whyUnproved(CASE, [test(CASE.files[0] ?? "", ["CS-01: foreign origins", "refused", "403"])]),
    ).toBeNull();
  });

  it("needs only one of the listed files to hold a passed test", () => {
    const securityCase = { id: "CK-01", files: ["apps/a.test.ts", "packages/b.test.ts"] };
    expect(
      whyUnproved(securityCase, [test("packages/b.test.ts", ["CK-01: attributes"])]),
    ).toBeNull();
  });

  it("does not take an id that only a comment names: no test title names it", () => {
    // A comment never reaches a report; the file's tests are titled otherwise.
    expect(whyUnproved(CASE, [test(CASE.files[0] ?? "", ["refuses a foreign origin"])])).toBe(
      "no test title names it",
    );
  });

  it("does not take a test in a file the row does not list", () => {
    expect(
      whyUnproved(CASE, [
        test("apps/web/test/csrf.test.ts", ["CS-01: refused"]),
        test("apps/web/test/csrf.test.ts", ["CS-01: again"]),
        test("security/faults.test.ts", ["CS-01"]),
      ]),
    ).toBe(
      "named only in files its row does not list: apps/web/test/csrf.test.ts, security/faults.test.ts",
    );
  });

  it.each([
    ["failed", ["failed"] as const, "failed"],
    ["skipped", ["skipped"] as const, "skipped"],
    ["failed and skipped", ["failed", "skipped"] as const, "failed, skipped"],
  ])("does not take tests that %s", (_label, statuses, named) => {
    const tests = statuses.map((status) => test(CASE.files[0] ?? "", ["CS-01: refused"], status));
    expect(whyUnproved(CASE, tests)).toBe(
      `the tests naming it in its listed files did not pass (${named})`,
    );
  });

  it("prefers a listed test that failed to a passed one elsewhere, as the reason", () => {
    expect(
      whyUnproved(CASE, [
        test(CASE.files[0] ?? "", ["CS-01"], "failed"),
        test("elsewhere.test.ts", ["CS-01"]),
      ]),
    ).toBe("the tests naming it in its listed files did not pass (failed)");
  });

  it("does not prove a row that lists no file", () => {
    expect(whyUnproved({ id: "XX-09", files: [] }, [test("a.test.ts", ["XX-09"])])).toBe(
      "its row lists no test file",
    );
  });
});

describe("judgeSecurityCoverage", () => {
  const proved = [test(CASE.files[0] ?? "", ["CS-01: refused"])];

  it("is one passed test when every case is proved", () => {
    expect(judgeSecurityCoverage([CASE], proved, 1)).toEqual({
      totals: { passed: 1, failed: 0, skipped: 0 },
      messages: [],
    });
  });

  it("is one failed test naming each unproved case and why", () => {
    const cases = [CASE, { id: "CK-01", files: ["apps/a.test.ts"] }, { id: "XX-09", files: [] }];
    expect(judgeSecurityCoverage(cases, proved, 1)).toEqual({
      totals: { passed: 0, failed: 1, skipped: 0 },
      messages: [
        "docs/security.md: not every case is proved by a passed test that names it",
        "  CK-01: no test title names it",
        "  XX-09: its row lists no test file",
      ],
    });
  });

  it("fails a table with fewer cases than the floor (a table that stopped parsing)", () => {
    expect(judgeSecurityCoverage([], [], 45)).toEqual({
      totals: { passed: 0, failed: 1, skipped: 0 },
      messages: [
        "docs/security.md: not every case is proved by a passed test that names it",
        "  docs/security.md lists 0 cases, under the floor of 45",
      ],
    });
  });

  it("fails an id listed twice", () => {
    expect(judgeSecurityCoverage([CASE, CASE], proved, 1).messages).toContain(
      "  CS-01: listed twice",
    );
  });

  it("is one skipped test in a filtered run", () => {
    expect(skippedSecurityCoverage().totals).toEqual({ passed: 0, failed: 0, skipped: 1 });
  });
});

describe("testsNamingByCategory", () => {
  it("counts each passed test once per category it names, most first", () => {
    const cases = parseSecurityCases(TABLE);
    const tests = [
      test("a.test.ts", ["CS-01 and CK-01 at once"]),
      test("b.test.ts", ["CS-01: again"]),
      test("c.test.ts", ["CS-01: failed"], "failed"),
      test("d.test.ts", ["CS-010 is another case"]),
    ];
    expect(testsNamingByCategory(cases, tests)).toEqual([
      ["CS", 2],
      ["CK", 1],
      ["XX", 0],
    ]);
  });
});
