import { describe, expect, it } from "vitest";

import { PLAYWRIGHT_SUITES, SECURITY_CASES_FLOOR, VITEST_SUITES } from "./test-floors.ts";

describe("the floors", () => {
  const suites = [...VITEST_SUITES, ...PLAYWRIGHT_SUITES];

  it("give every suite a name of its own and a floor above zero", () => {
    expect(new Set(suites.map((suite) => suite.name)).size).toBe(suites.length);
    for (const suite of suites) expect(suite.floor, suite.name).toBeGreaterThan(0);
    expect(SECURITY_CASES_FLOOR).toBeGreaterThan(0);
  });

  it("put each test file in one suite at most: no folder inside another's", () => {
    for (const suite of suites) {
      for (const other of suites) {
        if (other === suite) continue;
        expect(`${other.dir}/`.startsWith(`${suite.dir}/`), `${other.dir} in ${suite.dir}`).toBe(
          false,
        );
      }
    }
  });
});
