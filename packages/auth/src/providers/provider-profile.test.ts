// How each provider's answer becomes a person here. GitHub's and Google's endpoints cannot
// be reached from the tests; their answers are mapped by these functions, and the flow around
// them is the one the tests run against a real OpenID provider.
import { describe, expect, it } from "vitest";

import { usernameFromHint } from "../users/username.ts";
import { githubProfile, openIdProfile } from "./provider-profile.ts";

describe("GitHub", () => {
  const user = { id: 583231, login: "Octo-Cat", name: "The Octocat" };

  it("keys the person by the numeric id (a login can change hands), shown by the login", () => {
    const emails = [
      { email: "old@example.com", primary: false, verified: true },
      { email: "Octo@Example.COM", primary: true, verified: true },
    ];
    expect(githubProfile(user, emails)).toEqual({
      subject: "583231",
      label: "Octo-Cat",
      email: "Octo@example.com",
      emailVerified: true,
      nameHint: "Octo-Cat",
    });
  });

  it("trusts only the primary address, and only once GitHub verified it", () => {
    const unverified = [{ email: "octo@example.com", primary: true, verified: false }];
    expect(githubProfile(user, unverified)).toMatchObject({ email: null, emailVerified: false });
    expect(githubProfile(user, "not a list")).toMatchObject({ email: null, emailVerified: false });
  });

  it("refuses an answer without a numeric id", () => {
    expect(githubProfile({ ...user, id: "583231" }, [])).toBeNull();
    expect(githubProfile(null, [])).toBeNull();
  });
});

describe("Google and any OpenID provider", () => {
  it("keys the person by `sub`; an address counts only with email_verified", () => {
    const claims = { sub: "1098", email: "ada@gmail.com", email_verified: true, name: "Ada L" };
    expect(openIdProfile(claims)).toEqual({
      subject: "1098",
      label: "ada@gmail.com",
      email: "ada@gmail.com",
      emailVerified: true,
      nameHint: "Ada L",
    });
    expect(openIdProfile({ ...claims, email_verified: false })?.emailVerified).toBe(false);
    expect(openIdProfile({ ...claims, email_verified: "true" })?.emailVerified).toBe(true);
    expect(openIdProfile({ ...claims, email_verified: undefined })?.emailVerified).toBe(false);
  });

  it("prefers preferred_username for the name, and ignores an address it cannot use", () => {
    const profile = openIdProfile({ sub: "x", preferred_username: "ada", email: "not an address" });
    expect(profile).toMatchObject({
      nameHint: "ada",
      email: null,
      emailVerified: false,
      label: "ada",
    });
  });

  it("refuses claims without a subject", () => {
    expect(openIdProfile({ email: "a@b.example" })).toBeNull();
    expect(openIdProfile({ sub: "" })).toBeNull();
  });
});

describe("usernameFromHint", () => {
  it.each([
    ["Octo-Cat", "octo-cat"],
    ["Ada Lovelace", "ada-lovelace"],
    ["  __x__ ", null],
    ["Zoë Ünïcode", "zo-n-code"],
    ["a".repeat(40), "a".repeat(24)],
    [null, null],
  ])("%s becomes %s", (hint, expected) => {
    expect(usernameFromHint(hint)).toBe(expected);
  });
});
