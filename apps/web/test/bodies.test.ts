// Bad bodies on every route get 4xx, never 500 (IN-04). Next answers a server-action request
// it cannot decode with 500; the proxy refuses oversized bodies and other methods first, and
// the server (server.ts) answers what still fails before any action ran with 400.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { cookieHeader } from "@monorepo-auth/testing/auth-cookies";
import { request, type HttpResult } from "@monorepo-auth/testing/http";
import { signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import type { TestApps } from "@monorepo-auth/testing/test-apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, startApps } from "./support/apps.ts";
import { revokeForm } from "./support/forms.ts";

let apps: TestApps<"landing" | "web">;
let alice: SignedIn;
let actionId: string;

beforeAll(async () => {
  apps = await startApps();
  alice = await signUp(apps, { prefix: "bodies" });
  // A real action of the build, as a browser with JavaScript names it in Next-Action.
  const manifest = JSON.parse(
    readFileSync(
      fileURLToPath(new URL("../.next/server/server-reference-manifest.json", import.meta.url)),
      "utf8",
    ),
  ) as { node: Record<string, unknown> };
  actionId = Object.keys(manifest.node)[0] ?? "";
  expect(actionId).toMatch(/^[0-9a-f]{40,}$/);
});
afterAll(async () => {
  await apps.stop();
});

function post(path: string, body: BodyInit, headers: Record<string, string>): Promise<HttpResult> {
  return request(`${apps.web.url}${path}`, {
    method: "POST",
    body,
    headers: { origin: apps.web.url, "sec-fetch-site": "same-origin", ...headers },
    cookie: cookieHeader(alice.token),
  });
}

function expectClientError(result: HttpResult, status: number): void {
  expect(result.status).toBe(status);
  expect(result.body).not.toMatch(/at \S+ \(|digest|node_modules/);
  expect(result.setCookies).toEqual([]);
}

describe("IN-04: malformed requests to web's pages", () => {
  const multipart = { "content-type": "multipart/form-data; boundary=zzz" };
  const text = { "content-type": "text/plain;charset=UTF-8" };

  it.each([
    ["a multipart body that is not multipart", () => post("/", "garbage", multipart)],
    [
      "a truncated multipart body",
      () =>
        post("/account", '--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', multipart),
    ],
    [
      "an action named in a header with a body that is not JSON",
      () => post("/account", "{{{", { ...text, "next-action": actionId }),
    ],
    [
      "an action with references React cannot resolve",
      () => {
        const body = new FormData();
        body.append("0", '["$K9","$Q7","$@3"]');
        return post("/account", body, { "next-action": actionId });
      },
    ],
    [
      "an action with a root that is not JSON",
      () => {
        const body = new FormData();
        body.append("0", "{garbage");
        return post("/account", body, { "next-action": actionId });
      },
    ],
  ])("%s → 400 with a page of its own", async (_label, send) => {
    const result = await send();
    expectClientError(result, 400);
    expect(result.body).toContain("This did not work");
  });

  it.each([
    ["a header", () => post("/account", "[]", { ...text, "next-action": "00".repeat(21) })],
    [
      "a form field",
      () => {
        const body = new FormData();
        body.append(`$ACTION_ID_${"00".repeat(21)}`, "");
        return post("/account", body, {});
      },
    ],
    ["a malformed id", () => post("/account", "[]", { ...text, "next-action": "zz" })],
  ])("an action that does not exist, named in %s → 4xx", async (_label, send) => {
    const result = await send();
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.status).toBeLessThan(500);
  });

  it("a body over 64 KiB → 413, declared or streamed", async () => {
    const big = "a".repeat(70 * 1024);
    expectClientError(await post("/account", big, { ...text, "next-action": actionId }), 413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < 70; index++) controller.enqueue(new Uint8Array(1024));
        controller.close();
      },
    });
    const streamed = await fetch(`${apps.web.url}/account`, {
      method: "POST",
      body: stream,
      duplex: "half",
      headers: {
        origin: apps.web.url,
        "sec-fetch-site": "same-origin",
        cookie: cookieHeader(alice.token),
        ...text,
        "next-action": actionId,
      },
      redirect: "manual",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it.each(["PUT", "PATCH", "DELETE", "OPTIONS"])(
    "%s on a page → 405 with Allow",
    async (method) => {
      const result = await request(`${apps.web.url}/account`, {
        method,
        headers: { origin: apps.web.url, "sec-fetch-site": "same-origin" },
        cookie: cookieHeader(alice.token),
      });
      expectClientError(result, 405);
      expect(result.headers.get("allow")).toBe("GET, HEAD, POST");
    },
  );

  it("after all of that, the real action still works", async () => {
    const page = await get(`${apps.web.url}/account`, alice.token);
    expect(page.status).toBe(200);
    expect(() => revokeForm(page.body, alice.sessionId)).not.toThrow();
  });
});
