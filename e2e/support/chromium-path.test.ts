import { describe, expect, it } from "vitest";

import { findChromium, SYSTEM_CHROMIUM_PATHS } from "./chromium-path.ts";

const only =
  (...present: string[]) =>
  (path: string): boolean =>
    present.includes(path);

describe("findChromium", () => {
  it("takes CHROMIUM_PATH as given, without looking further", () => {
    const looked: string[] = [];
    const exists = (path: string): boolean => {
      looked.push(path);
      return true;
    };
    expect(findChromium("/opt/chromium/chrome", exists)).toBe("/opt/chromium/chrome");
    expect(looked).toEqual([]);
  });

  it("treats an empty CHROMIUM_PATH as unset", () => {
    expect(findChromium("", only("/usr/bin/chromium"))).toBe("/usr/bin/chromium");
  });

  it.each(SYSTEM_CHROMIUM_PATHS)("finds a system browser at %s", (path) => {
    expect(findChromium(undefined, only(path))).toBe(path);
  });

  it("prefers Debian's Chromium over Chrome when both are there", () => {
    expect(findChromium(undefined, only("/usr/bin/google-chrome", "/usr/bin/chromium"))).toBe(
      "/usr/bin/chromium",
    );
  });

  it("leaves the choice to Playwright when there is none", () => {
    expect(findChromium(undefined, only())).toBeUndefined();
  });
});
