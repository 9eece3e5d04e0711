import { describe, expect, it } from "vitest";

import {
  checkNewPassword,
  isPlausiblePassword,
  normalizePassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordLength,
} from "./password-rules.ts";

const EMOJI = "😀"; // one code point, two UTF-16 units
const E_DECOMPOSED = "e\u0301";
const E_COMPOSED = "\u00e9";
// α with dasia, perispomeni and ypogegrammeni: four code points that NFKC makes one (ᾇ).
const ALPHA_DECOMPOSED = "\u03b1\u0314\u0342\u0345";

/** A non-common password of exactly `length` code points. */
function password(length: number): string {
  return "vq8#Lm2!".repeat(Math.ceil(length / 8)).slice(0, length);
}

describe("limits", () => {
  it("are 8 and 256 code points", () => {
    expect(PASSWORD_MIN_LENGTH).toBe(8);
    expect(PASSWORD_MAX_LENGTH).toBe(256);
  });
});

describe("normalizePassword", () => {
  it.each([
    ["full-width letters", "ｐａｓｓ", "pass"],
    ["full-width digits", "１２３４", "1234"],
    ["a decomposed accent", `caf${E_DECOMPOSED}`, `caf${E_COMPOSED}`],
    ["a composed accent", `caf${E_COMPOSED}`, `caf${E_COMPOSED}`],
    ["a ligature", "\ufb01le", "file"],
    ["plain ASCII", "vq8#Lm2!", "vq8#Lm2!"],
  ])("normalises %s with NFKC", (_label, input, expected) => {
    expect(normalizePassword(input)).toBe(expected);
  });

  it("makes a decomposed é and a composed é the same password", () => {
    expect(normalizePassword(`p${E_DECOMPOSED}ssword-42`)).toBe(
      normalizePassword(`p${E_COMPOSED}ssword-42`),
    );
  });

  it("keeps case and never truncates", () => {
    expect(normalizePassword("PaSs")).toBe("PaSs");
    expect(normalizePassword("x".repeat(5_000))).toHaveLength(5_000);
  });
});

describe("passwordLength", () => {
  it("counts code points, not UTF-16 units", () => {
    expect(passwordLength("abc")).toBe(3);
    expect(passwordLength(EMOJI.repeat(3))).toBe(3);
    expect(passwordLength("")).toBe(0);
  });
});

describe("checkNewPassword", () => {
  it.each([
    ["7 code points", password(7), "password_too_short"],
    ["8 code points", password(8), null],
    ["the empty string", "", "password_too_short"],
    ["7 emoji", EMOJI.repeat(7), "password_too_short"],
    ["8 emoji", EMOJI.repeat(8), null],
    ["7 composed accents sent as 14 code points", E_DECOMPOSED.repeat(7), "password_too_short"],
    ["256 code points", password(256), null],
    ["256 emoji (512 UTF-16 units)", EMOJI.repeat(256), null],
    ["257 code points", password(257), "password_too_long"],
    ["257 emoji", EMOJI.repeat(257), "password_too_long"],
    ["10,000 characters", "x".repeat(10_000), "password_too_long"],
  ])("%s: %s", (_label, input, problem) => {
    expect(checkNewPassword(input, null)).toBe(problem);
  });

  it("measures the length after NFKC: 256 letters sent decomposed as 1,024 units are fine", () => {
    const input = ALPHA_DECOMPOSED.repeat(256);
    expect(input).toHaveLength(1_024);
    expect(passwordLength(normalizePassword(input))).toBe(256);
    expect(checkNewPassword(input, null)).toBeNull();
    expect(checkNewPassword(input + ALPHA_DECOMPOSED, null)).toBe("password_too_long");
  });

  it("refuses a huge password as too long without normalising it", () => {
    // NFKC turns each U+FDFA into 18 characters: normalising this would take far longer.
    const input = "\ufdfa".repeat(1_000_000);
    const started = performance.now();
    expect(checkNewPassword(input, null)).toBe("password_too_long");
    expect(checkNewPassword("x".repeat(10_000), null)).toBe("password_too_long");
    // A generous sanity bound: normalising would take seconds.
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each(["password1234", "Password1234", "PASSWORD1234", "ｐａｓｓｗｏｒｄ１２３４"])(
    "refuses the common password %s",
    (input) => {
      expect(checkNewPassword(input, null)).toBe("password_common");
      expect(checkNewPassword(input, "alice")).toBe("password_common");
    },
  );

  it.each(["xxALICExx-92", "alice-vq8#Lm2!", "vq8#Lm2!Alice", "vq8#ａｌｉｃｅ!", "ALICEALICE"])(
    "refuses %s, which contains the username alice",
    (input) => {
      expect(checkNewPassword(input, "alice")).toBe("password_contains_username");
    },
  );

  it("accepts a password that contains no username, or only part of it", () => {
    expect(checkNewPassword("xxALICExx-92", null)).toBeNull();
    expect(checkNewPassword("xxALICExx-92", "bob")).toBeNull();
    expect(checkNewPassword("xxALICxx-92", "alice")).toBeNull();
  });

  it("checks length before anything else", () => {
    expect(checkNewPassword("alice", "alice")).toBe("password_too_short");
    expect(checkNewPassword(`alice${password(300)}`, "alice")).toBe("password_too_long");
  });
});

describe("isPlausiblePassword", () => {
  it.each([
    ["the empty string", "", false],
    ["1 character", "x", true],
    ["7 characters, too short to set but possible at login", password(7), true],
    ["256 code points", password(256), true],
    ["256 emoji", EMOJI.repeat(256), true],
    ["256 letters sent decomposed as 1,024 units", ALPHA_DECOMPOSED.repeat(256), true],
    ["257 code points", password(257), false],
    ["257 emoji", EMOJI.repeat(257), false],
    ["10,000 characters", "x".repeat(10_000), false],
  ])("%s: plausible is %s", (_label, input, plausible) => {
    expect(isPlausiblePassword(input)).toBe(plausible);
  });

  it("refuses a huge password without normalising it", () => {
    const started = performance.now();
    expect(isPlausiblePassword("\ufdfa".repeat(1_000_000))).toBe(false);
    // A generous sanity bound: normalising would take seconds.
    expect(performance.now() - started).toBeLessThan(500);
  });
});
