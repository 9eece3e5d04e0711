import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

import { runInRequestScope, type RequestScope } from "./request-scope.ts";

/** A framework's Node request handler (Astro's node adapter, Next's custom server). */
export type NodeHandler = (request: IncomingMessage, response: ServerResponse) => unknown;

/** How to answer instead: a status and headers, and a body of its own or the framework's (null). */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

export interface AppServerOptions {
  handle: NodeHandler;
  /**
   * Headers every response carries — static files included — unless the framework sets
   * its own value (a page's CSP with its nonce, a file's Cache-Control).
   */
  headers: Record<string, string>;
  /**
   * What to answer instead of the status the framework chose, or null to keep it: say, a
   * 503 with the framework's own page (which says "temporarily unavailable") when the
   * database failed, or a 400 of the app's own when the request was unreadable.
   */
  review(request: IncomingMessage, scope: RequestScope, status: number): Answer | null;
}

/**
 * The HTTP server an app runs in production: the framework's handler, wrapped so that
 * every request runs in a {@link RequestScope} holding the socket's address, every
 * response carries the security headers, and its status is the one the app says it
 * deserves. Frameworks answer any error with 500 and a page that caught one with 200;
 * "the database is down" is a 503 and "the request could not be read" is a 400, and only
 * the app can tell them apart.
 */
export function createAppServer(options: AppServerOptions): Server {
  return createServer((request, response) => {
    const scope: RequestScope = {
      peerAddress: request.socket.remoteAddress ?? null,
      databaseFailed: false,
      handlerBegan: false,
    };
    for (const [name, value] of Object.entries(options.headers)) response.setHeader(name, value);
    settleStatus(response, (status) => options.review(request, scope, status));
    runInRequestScope(scope, () => {
      Promise.resolve()
        .then(() => options.handle(request, response))
        .catch((error: unknown) => {
          // Frameworks answer their own errors; one that escapes is a bug in the server itself.
          console.error(error);
          if (!response.headersSent) response.writeHead(500);
          response.end();
        });
    });
  });
}

/**
 * Intercepts the moment the response's status is fixed (an explicit writeHead, or the first
 * write or end that implies it) and asks, once, what to answer instead.
 */
function settleStatus(response: ServerResponse, decide: (status: number) => Answer | null): void {
  const writeHead = response.writeHead.bind(response);
  const write = response.write.bind(response);
  const end = response.end.bind(response);
  let replacement: (Answer & { body: string }) | null = null;
  let settled: number | null = null;

  // Called once the status is known and before anything is sent; returns the status to send.
  const settle = (status: number): number => {
    if (settled !== null) return settled;
    const answer = decide(status);
    settled = answer?.status ?? status;
    if (!answer) return status;
    if (answer.body !== null) {
      replacement = { ...answer, body: answer.body };
    } else {
      for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
    }
    return answer.status;
  };

  response.writeHead = (status: number, ...rest: unknown[]) => {
    const final = settle(status);
    if (replacement) return response;
    return (writeHead as (...args: unknown[]) => ServerResponse)(final, ...rest);
  };

  response.write = ((...args: unknown[]) => {
    if (!response.headersSent) response.statusCode = settle(response.statusCode);
    if (replacement) return true;
    return (write as (...args: unknown[]) => boolean)(...args);
  }) as typeof response.write;

  response.end = ((...args: unknown[]) => {
    if (!response.headersSent) response.statusCode = settle(response.statusCode);
    if (!replacement) return (end as (...args: unknown[]) => ServerResponse)(...args);
    const { status, headers, body } = replacement;
    for (const name of response.getHeaderNames()) {
      if (/^(content-|transfer-encoding$|etag$|last-modified$)/.test(name)) {
        response.removeHeader(name);
      }
    }
    writeHead(status, { ...headers, "Content-Length": Buffer.byteLength(body) });
    const callback = args.find((arg) => typeof arg === "function") as (() => void) | undefined;
    return end(body, callback);
  }) as typeof response.end;
}
