import type { AddressInfo } from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import type { NodeHandler } from "./app-server.ts";
import { reportDatabaseUnavailable, reportHandlerBegan } from "./request-scope.ts";
import { serveApp } from "./serve-app.ts";

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(handle: NodeHandler, review?: Parameters<typeof serveApp>[0]["review"]) {
  const server = await serveApp({
    name: "test",
    settings: () => ({
      headers: { "X-Frame-Options": "DENY" },
      host: "127.0.0.1",
      port: 0,
      retryAfterSeconds: 7,
    }),
    load: () => Promise.resolve(handle),
    ...(review ? { review } : {}),
  });
  servers.push(server);
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

describe("serveApp", () => {
  it.each([200, 500])(
    "answers 503 with Retry-After when the database failed and the framework said %i",
    async (status) => {
      const url = await serve((_request, response) => {
        reportDatabaseUnavailable();
        response.statusCode = status;
        response.end("Temporarily unavailable");
      });
      const result = await fetch(url);
      expect(result.status).toBe(503);
      expect(result.headers.get("retry-after")).toBe("7");
      expect(result.headers.get("x-frame-options")).toBe("DENY");
      expect(await result.text()).toBe("Temporarily unavailable");
    },
  );

  it.each([303, 403])("lets a %i stand even after a database failure", async (status) => {
    const url = await serve((_request, response) => {
      reportDatabaseUnavailable();
      response.statusCode = status;
      response.end();
    });
    expect((await fetch(url, { redirect: "manual" })).status).toBe(status);
  });

  it("asks the app's own review when the database did not fail", async () => {
    const url = await serve(
      (_request, response) => {
        response.statusCode = 500;
        response.end("framework");
      },
      (_request, scope, status) =>
        status === 500 && !scope.handlerBegan ? { status: 400, headers: {}, body: "mine" } : null,
    );
    const result = await fetch(url);
    expect(result.status).toBe(400);
    expect(await result.text()).toBe("mine");

    const began = await serve((_request, response) => {
      reportHandlerBegan();
      response.statusCode = 500;
      response.end("bug");
    });
    expect((await fetch(began)).status).toBe(500);
  });
});
