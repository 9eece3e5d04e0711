// The admin console on the shared sign-in: a signed-out visitor goes to landing's login and
// comes back to the page they asked for; a signed-in one is greeted by name.
import { postForm, request, sessionTokenFrom } from "@monorepo-auth/testing/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  COOKIE_NAME,
  get,
  loginUrlFor,
  pageText,
  sessionCookieLines,
  signUpAdmin,
  startApps,
  type SignedIn,
  type TestApps,
} from "./support/apps.ts";

let apps: TestApps;
let alice: SignedIn;

beforeAll(async () => {
  apps = await startApps();
  alice = await signUpAdmin(apps, "alice");
});
afterAll(async () => {
  await apps.stop();
});

describe("signed out", () => {
  it("a page sends the visitor to landing's login with the page to return to", async () => {
    for (const path of ["/", "/users?page=2"]) {
      const result = await get(`${apps.admin.url}${path}`);
      expect(result.status).toBe(303);
      expect(result.location).toBe(loginUrlFor(apps, `${apps.admin.url}${path}`));
      expect(result.setCookies).toEqual([]);
      expect(result.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("a form posted to the console changes nothing and goes to login too", async () => {
    const result = await postForm(`${apps.admin.url}/`, { anything: "1" });
    expect(result.status).toBe(303);
    expect(result.location).toBe(loginUrlFor(apps, `${apps.admin.url}/`));
  });

  it("landing's login page carries the admin page in its form", async () => {
    const page = await request(loginUrlFor(apps, `${apps.admin.url}/`));
    expect(page.status).toBe(200);
    expect(page.body).toMatch(
      new RegExp(`name="returnTo"[^>]*value="${apps.admin.url.replaceAll(".", "\\.")}/"`),
    );
  });

  it("after a real login, landing sends the person back to the admin page", async () => {
    const target = `${apps.admin.url}/users?page=2`;
    const login = await postForm(
      `${apps.landing.url}/api/login`,
      { username: alice.username, password: alice.password, returnTo: target },
      { headers: { "x-forwarded-for": "10.20.30.40" } },
    );
    expect(login.status).toBe(303);
    expect(login.location).toBe(target);
    const token = sessionTokenFrom(login, COOKIE_NAME);
    expect(token).not.toBeNull();

    const home = await get(`${apps.admin.url}/`, token);
    expect(home.status).toBe(200);
    expect(pageText(home.body)).toContain(`Signed in as <strong>${alice.username}</strong>`);
  });

  it("a place to return to on no app's origin is not honoured", async () => {
    const login = await postForm(
      `${apps.landing.url}/api/login`,
      { username: alice.username, password: alice.password, returnTo: "https://evil.example/" },
      { headers: { "x-forwarded-for": "10.20.30.41" } },
    );
    expect(login.status).toBe(303);
    expect(login.location).not.toContain("evil.example");
  });
});

describe("signed in", () => {
  it("the home page, the user directory, names who is signed in, rendered on the server, never cached", async () => {
    const result = await get(`${apps.admin.url}/`, alice.token);
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toMatch(/^text\/html/);
    expect(result.headers.get("cache-control")).toBe("no-store");
    expect(pageText(result.body)).toContain(`Signed in as <strong>${alice.username}</strong>`);
    expect(pageText(result.body)).toMatch(/<h1[^>]*>Users<\/h1>/);
    expect(sessionCookieLines(result)).toEqual([]);
  });

  it("has landmarks, a skip link and a sign-out form that posts to landing without JavaScript", async () => {
    const { body } = await get(`${apps.admin.url}/`, alice.token);
    expect(body).toContain('<html lang="en">');
    expect(body).toMatch(/<a class="skip-link" href="#main">/);
    expect(body).toMatch(/<header[^>]*>[\s\S]*monorepo-auth[\s\S]*admin[\s\S]*<\/header>/);
    expect(body).toContain('<main id="main">');
    expect(body).toMatch(/<footer/);
    expect(body).toContain(`<form method="post" action="${apps.landing.url}/api/logout">`);
    expect(body).not.toMatch(/<script/i);
  });

  it("HEAD answers like GET, without a body", async () => {
    const result = await request(`${apps.admin.url}/`, {
      method: "HEAD",
      cookie: `${COOKIE_NAME}=${alice.token}`,
    });
    expect(result.status).toBe(200);
    expect(result.body).toBe("");
  });

  it("pages take no other method: 405 naming the ones they take", async () => {
    for (const method of ["PUT", "DELETE", "PATCH"]) {
      const result = await request(`${apps.admin.url}/`, {
        method,
        cookie: `${COOKIE_NAME}=${alice.token}`,
        headers: { origin: apps.admin.url },
      });
      expect(result.status, method).toBe(405);
      expect(result.headers.get("allow")).toBe("GET, HEAD, POST");
    }
  });

  it("an unknown address is a 404 page that says nothing more", async () => {
    const result = await get(`${apps.admin.url}/no/such/page`, alice.token);
    expect(result.status).toBe(404);
    expect(result.headers.get("content-type")).toMatch(/^text\/html/);
    const text = pageText(result.body);
    expect(text).toContain("Not found");
    expect(text).toContain('<main id="main">');
    expect(text).not.toMatch(/no\/such\/page|Error:|at \S+ \(/);
  });

  it("landing sends a signed-in visitor of its login page straight back to the admin page", async () => {
    const result = await get(loginUrlFor(apps, `${apps.admin.url}/`), alice.token);
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${apps.admin.url}/`);
  });
});
