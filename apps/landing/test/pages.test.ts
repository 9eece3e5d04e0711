// Landing's pages: what a signed-out visitor sees (the forms, their labels and hints), what
// a signed-in one is sent on to, where `returnTo` may lead (OR-01, OR-02), and what a
// failed form shows again — escaped (XS-01).
import { sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import { logIn, PASSWORD, signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { uniqueUsername } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  alertMessage,
  elements,
  expectNoStackTrace,
  input,
  markupOutsideAttributeValues,
  textById,
} from "./support/html.ts";
import { get, post, startLanding, type Landing } from "./support/landing.ts";

let landing: Landing;
let person: SignedIn;

beforeAll(async () => {
  landing = await startLanding();
  person = await signUp(landing);
});
afterAll(async () => {
  await landing.stop();
});

describe("pages for signed-out visitors", () => {
  it.each(["/", "/login", "/signup"])("GET %s: 200 HTML, no cookie set", async (path) => {
    const result = await get(landing, path);
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toMatch(/^text\/html/);
    expect(result.setCookies).toEqual([]);
    expect(result.body).toMatch(/^<!DOCTYPE html>/i);
    expect(result.body).toContain('href="/login"');
    expect(result.body).toContain('href="/signup"');
  });

  it("the login form: labelled inputs, password type, autocomplete for password managers", async () => {
    const { body } = await get(landing, "/login");
    const [form] = elements(body, "form");
    expect(form).toMatchObject({ method: "post", action: "/api/login" });
    const labels = elements(body, "label").map((label) => label.for);
    const username = input(body, "username");
    const password = input(body, "password");
    expect(username).toMatchObject({ type: "text", autocomplete: "username", value: "" });
    expect(password).toMatchObject({ type: "password", autocomplete: "current-password" });
    expect(labels).toContain(username?.id);
    expect(labels).toContain(password?.id);
    expect(body).toMatch(/<label for="username">Username<\/label>/);
    expect(body).toMatch(/<label for="password">Password<\/label>/);
    // No rules on the login form: the password was chosen long ago.
    expect(body).not.toContain('id="password-rules"');
    expect(input(body, "returnTo")).toBeUndefined();
  });

  it("no provider's button when no provider is turned on, and none in form-action", async () => {
    for (const page of ["/login", "/signup"]) {
      const result = await get(landing, page);
      expect(result.body).not.toContain("/api/oauth/start");
      expect(result.body).not.toContain("Continue with");
      const csp = result.headers.get("content-security-policy") ?? "";
      // Only the apps (all on this host in the tests): no provider's origin.
      const sources = /form-action ([^;]*)/.exec(csp)?.[1]?.split(" ") ?? [];
      expect(sources).toContain(landing.origin);
      expect(
        sources.every((source) => source === "'self'" || source.startsWith("http://127.0.0.1:")),
      ).toBe(true);
    }
    const start = await post(landing, "/api/oauth/start", { provider: "github" });
    expect(start.status).toBe(404);
  });

  it("the signup form: new-password, and the password rules next to the field", async () => {
    const { body } = await get(landing, "/signup");
    const [form] = elements(body, "form");
    expect(form).toMatchObject({ method: "post", action: "/api/signup" });
    expect(input(body, "username")).toMatchObject({ type: "text", autocomplete: "username" });
    const password = input(body, "password");
    expect(password).toMatchObject({
      type: "password",
      autocomplete: "new-password",
      minlength: "8",
    });
    expect(password?.["aria-describedby"]).toContain("password-rules");
    const rules = textById(body, "password-rules") ?? "";
    expect(rules).toContain("8 to 256 characters");
    expect(rules).toContain("Not a commonly used password");
    expect(rules).toContain("Must not contain your username");
  });

  it("after a failed login the username is kept, the password is not", async () => {
    const result = await post(landing, "/api/login", {
      username: person.username,
      password: "not the password at all",
    });
    expect(result.status).toBe(400);
    expect(alertMessage(result.body)).toBe("Wrong username or password.");
    expect(input(result.body, "username")?.value).toBe(person.username);
    const password = input(result.body, "password");
    expect(password).toBeDefined();
    expect(password?.value ?? "").toBe("");
    expect(result.body).not.toContain("not the password at all");
    // The form posts to the same endpoint again.
    expect(elements(result.body, "form")[0]?.action).toBe("/api/login");
  });

  it("after a failed sign-up the username is kept, the password is not, the reason is beside it", async () => {
    const username = uniqueUsername();
    const result = await post(landing, "/api/signup", { username, password: "1234567" });
    expect(result.status).toBe(400);
    expect(input(result.body, "username")?.value).toBe(username);
    expect(input(result.body, "password")?.value ?? "").toBe("");
    expect(result.body).not.toContain("1234567");
    expect(textById(result.body, "password-error")).toBe("Use at least 8 characters.");
    expect(input(result.body, "password")?.["aria-invalid"]).toBe("true");
    expect(elements(result.body, "form")[0]?.action).toBe("/api/signup");
  });
});

describe("pages for signed-in visitors", () => {
  it.each(["/", "/login", "/signup"])("GET %s: 303 to the web app", async (path) => {
    const result = await get(landing, path, { token: person.token });
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${landing.webUrl}/`);
    expect(result.body).toBe("");
  });

  it.each(["/login", "/signup"])(
    "GET %s?returnTo=…: 303 to returnTo when it is on the web app",
    async (path) => {
      const absolute = await get(
        landing,
        `${path}?returnTo=${encodeURIComponent(`${landing.webUrl}/account?x=1`)}`,
        { token: person.token },
      );
      expect(absolute.status).toBe(303);
      expect(absolute.location).toBe(`${landing.webUrl}/account?x=1`);

      const relative = await get(landing, `${path}?returnTo=%2Faccount`, { token: person.token });
      expect(relative.location).toBe(`${landing.webUrl}/account`);

      const foreign = await get(landing, `${path}?returnTo=https%3A%2F%2Fevil.com%2F`, {
        token: person.token,
      });
      expect(foreign.location).toBe(`${landing.webUrl}/`);
    },
  );
});

describe("returnTo carried through the forms", () => {
  it.each([
    ["/login", "/signup"],
    ["/signup", "/login"],
  ])(
    "GET %s?returnTo=/account: a hidden field and the link to %s carry it",
    async (path, other) => {
      const { body } = await get(landing, `${path}?returnTo=%2Faccount`);
      expect(input(body, "returnTo")).toMatchObject({
        type: "hidden",
        value: `${landing.webUrl}/account`,
      });
      const links = elements(body, "a").map((link) => link.href);
      expect(links).toContain(
        `${other}?returnTo=${encodeURIComponent(`${landing.webUrl}/account`)}`,
      );
    },
  );

  it.each([["https://evil.com/"], ["//evil.com"], ["javascript:alert(1)"]])(
    "GET /login?returnTo=%s: no hidden field at all",
    async (target) => {
      const { body } = await get(landing, `/login?returnTo=${encodeURIComponent(target)}`);
      expect(input(body, "returnTo")).toBeUndefined();
      expect(body).not.toContain("evil.com");
      expect(body).not.toContain("javascript:");
    },
  );

  it("a failed login keeps the (safe) returnTo in the form", async () => {
    const result = await post(landing, "/api/login", {
      username: person.username,
      password: "not the password at all",
      returnTo: "/account",
    });
    expect(result.status).toBe(400);
    expect(input(result.body, "returnTo")?.value).toBe(`${landing.webUrl}/account`);
  });

  it("the returnTo from the form's hidden field leads there after login", async () => {
    const { body } = await get(landing, "/login?returnTo=%2Faccount%2Fsessions");
    const returnTo = input(body, "returnTo")?.value ?? "";
    const result = await post(landing, "/api/login", {
      username: person.username,
      password: PASSWORD,
      returnTo,
    });
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${landing.webUrl}/account/sessions`);
  });
});

describe("open redirects (OR-01, OR-02)", () => {
  const evilTargets = (webPort: string) => [
    "https://evil.com",
    "https://evil.com/account",
    "//evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "/\t/evil.com",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    `http://127.0.0.1:${webPort}@evil.com`,
    `http://user:pass@127.0.0.1:${webPort}/account`,
    "https:evil.com",
    `https://127.0.0.1:${webPort}/`,
    "http://127.0.0.1:1/",
  ];

  it("OR-01: returnTo elsewhere → Location is the web app's home, at login and at sign-up", async () => {
    const webPort = new URL(landing.webUrl).port;
    for (const returnTo of evilTargets(webPort)) {
      const login = await post(landing, "/api/login", {
        username: person.username,
        password: PASSWORD,
        returnTo,
      });
      expect(login.status, returnTo).toBe(303);
      expect(login.location, returnTo).toBe(`${landing.webUrl}/`);
    }
    const signup = await post(landing, "/api/signup", {
      username: uniqueUsername(),
      password: PASSWORD,
      returnTo: "//evil.com",
    });
    expect(signup.status).toBe(303);
    expect(signup.location).toBe(`${landing.webUrl}/`);
  });

  it("OR-02: returnTo on the web app is honoured; a path is taken on the web app", async () => {
    const cases = [
      [`${landing.webUrl}/account`, `${landing.webUrl}/account`],
      ["/account", `${landing.webUrl}/account`],
      ["/account?tab=sessions#top", `${landing.webUrl}/account?tab=sessions#top`],
    ];
    for (const [returnTo = "", expected] of cases) {
      const again = await logIn(landing, person);
      const login = await post(
        landing,
        "/api/login",
        { username: person.username, password: PASSWORD, returnTo },
        { token: again.token },
      );
      expect(login.status, returnTo).toBe(303);
      expect(login.location, returnTo).toBe(expected);
      expect(sessionCookieLines(login)).toHaveLength(1);
    }
  });
});

describe("what the user typed, shown again (XS-01)", () => {
  it.each([
    ["<img src=x onerror=alert(1)>"],
    ['"><img src=x onerror=alert(1)>'],
    ["'><script>alert(1)</script>"],
  ])("username %s at sign-up and at login: 400, the echo is escaped", async (username) => {
    for (const path of ["/api/signup", "/api/login"]) {
      const result = await post(landing, path, { username, password: PASSWORD });
      expect(result.status, path).toBe(400);
      expectNoStackTrace(result.body);
      // What the browser parses as markup holds no element the user sent…
      const markup = markupOutsideAttributeValues(result.body);
      expect(markup, path).not.toMatch(/<img/i);
      // The only script elements are the page's own bundled modules (the passkey button's).
      const blanked = '<script type="" src=""></script>';
      const own = result.body.match(
        /<script type="module" src="\/_astro\/[\w.-]+\.js"><\/script>/g,
      );
      expect(markup.split(blanked).length - 1, path).toBe(own?.length ?? 0);
      expect(markup.replaceAll(blanked, ""), path).not.toMatch(/<script/i);
      // …and the input gives back exactly what was typed, as its value.
      expect(input(result.body, "username")?.value, path).toBe(username);
    }
  });
});
