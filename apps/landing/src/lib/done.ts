import { prefersJson } from "@monorepo-auth/auth/http/content-negotiation";
import type { APIContext } from "astro";

/**
 * Answers a form that worked without signing anyone in (a mail asked for, an address
 * verified): `json` for clients that prefer JSON, otherwise `page` saying so.
 */
export function respondDone(
  context: APIContext,
  page: string,
  done: NonNullable<App.Locals["done"]>,
  json: { status: number; body: Record<string, string> },
): Promise<Response> | Response {
  if (prefersJson(context.request.headers.get("accept"))) {
    return Response.json(json.body, {
      status: json.status,
      headers: { "Cache-Control": "no-store" },
    });
  }
  context.locals.done = done;
  return context.rewrite(page);
}
