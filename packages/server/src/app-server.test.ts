import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

import { afterEach, describe, expect, it } from "vitest";

import {
  createAppServer,
  type Answer,
  type AppServerOptions,
  type NodeHandler,
} from "./app-server.ts";
import {
  currentRequestScope,
  handedOn,
  handOn,
  peerAddress,
  reportDatabaseUnavailable,
  reportHandlerBegan,
} from "./request-scope.ts";

const HEADERS = { "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" };

// The policy the apps use: 503 with the framework's page when the database failed (and the
// framework answered with a success or an error), a page of our own with 400 for an error
// before the handler began.
const review: AppServerOptions["review"] = (_request, scope, status): Answer | null => {
  if (scope.databaseFailed && (status < 300 || status >= 500)) {
    return { status: 503, headers: { "Retry-After": "5" }, body: null };
  }
  if (status >= 500 && !scope.handlerBegan) {
    return { status: 400, headers: { "Content-Type": "text/plain" }, body: "unreadable" };
  }
  return null;
};

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(handle: NodeHandler): Promise<string> {
  const server = createAppServer({ handle, headers: HEADERS, review });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

async function get(url: string) {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe("createAppServer", () => {
  it("puts the headers on every response, unless the framework sets its own value", async () => {
    const url = await serve((_request, response) => {
      response.setHeader("Cache-Control", "public, max-age=60");
      response.end("a file");
    });
    const result = await get(url);
    expect(result.headers.get("x-content-type-options")).toBe("nosniff");
    expect(result.headers.get("cache-control")).toBe("public, max-age=60");
  });

  it("tells the app the socket's address, whatever X-Forwarded-For says", async () => {
    const url = await serve((_request, response) => response.end(String(peerAddress())));
    const response = await fetch(url, { headers: { "x-forwarded-for": "6.6.6.6" } });
    expect(await response.text()).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it("keeps the scope across awaits and timers within the request", async () => {
    const url = await serve(async (_request, response) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await Promise.resolve();
      response.end(currentRequestScope() ? "scoped" : "lost");
    });
    expect((await get(url)).body).toBe("scoped");
  });

  it("hands a value on within one request only, never to the next one", async () => {
    const KEY = Symbol("test.handed-on");
    const url = await serve(async (request, response) => {
      const before = handedOn(KEY);
      if (request.url === "/hand-on") handOn(KEY, "from earlier");
      await Promise.resolve();
      response.end(`${String(before)} ${String(handedOn(KEY))}`);
    });
    expect((await get(`${url}/hand-on`)).body).toBe("undefined from earlier");
    expect((await get(url)).body).toBe("undefined undefined");
    handOn(KEY, "outside a request");
    expect(handedOn(KEY)).toBeUndefined();
  });

  it("turns a page that caught a database failure (200) into a 503 with its body", async () => {
    const url = await serve((_request, response) => {
      reportDatabaseUnavailable();
      response.end("<p>Temporarily unavailable</p>");
    });
    const result = await get(url);
    expect(result.status).toBe(503);
    expect(result.body).toBe("<p>Temporarily unavailable</p>");
  });

  it("leaves redirects and client errors alone, and successes without a failure", async () => {
    expect((await get(await serve((_request, response) => response.end("fine")))).status).toBe(200);
    const url = await serve((_request, response) => {
      reportDatabaseUnavailable();
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("nothing here");
    });
    expect(await get(url)).toMatchObject({ status: 404, body: "nothing here" });
  });

  it.each([
    [
      "writeHead",
      ((_request, response) => {
        reportDatabaseUnavailable();
        response.writeHead(500, { "content-type": "text/html" });
        response.end("<p>Temporarily unavailable</p>");
      }) satisfies NodeHandler,
    ],
    [
      "statusCode and end",
      ((_request, response) => {
        reportDatabaseUnavailable();
        response.statusCode = 500;
        response.end("<p>Temporarily unavailable</p>");
      }) satisfies NodeHandler,
    ],
    [
      "a piped stream",
      ((_request, response) => {
        reportDatabaseUnavailable();
        response.statusCode = 500;
        Readable.from(["<p>Temporarily ", "unavailable</p>"]).pipe(response);
      }) satisfies NodeHandler,
    ],
  ])(
    "turns a 500 after a database failure into a 503 with the framework's page (%s)",
    async (_label, handle) => {
      const result = await get(await serve(handle));
      expect(result.status).toBe(503);
      expect(result.headers.get("retry-after")).toBe("5");
      expect(result.body).toBe("<p>Temporarily unavailable</p>");
    },
  );

  it.each([
    [
      "writeHead",
      ((_request, response) => {
        response.writeHead(500, { "content-type": "text/html", "content-length": "9" });
        response.end("framework");
      }) satisfies NodeHandler,
    ],
    [
      "a piped stream",
      ((_request, response) => {
        response.statusCode = 500;
        response.setHeader("Content-Type", "text/x-component");
        Readable.from(["frame", "work"]).pipe(response);
      }) satisfies NodeHandler,
    ],
  ])(
    "replaces a 500 before the handler began with the app's own answer (%s)",
    async (_label, handle) => {
      const result = await get(await serve(handle));
      expect(result.status).toBe(400);
      expect(result.headers.get("content-type")).toBe("text/plain");
      expect(result.body).toBe("unreadable");
      expect(result.headers.get("x-content-type-options")).toBe("nosniff");
    },
  );

  it("keeps a 500 that the app's own handler caused: a bug stays a bug", async () => {
    const url = await serve((_request, response) => {
      reportHandlerBegan();
      response.statusCode = 500;
      response.end("bug");
    });
    expect(await get(url)).toMatchObject({ status: 500, body: "bug" });
  });

  it("answers a handler that throws with a 500 and keeps serving", async () => {
    const url = await serve((request, response) => {
      reportHandlerBegan();
      if (request.url === "/throw") throw new Error("boom");
      response.end("fine");
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (error: unknown) => errors.push(error);
    try {
      expect((await get(`${url}/throw`)).status).toBe(500);
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
    expect(await get(url)).toMatchObject({ status: 200, body: "fine" });
  });
});
