import { AUTH_ERROR_CODES } from "@monorepo-auth/auth/errors";
import { ERROR_STATUS } from "@monorepo-auth/auth/http/error-status";
import { render } from "svelte/server";

import RefusalPage from "#lib/components/RefusalPage.svelte";

import { env } from "./env.ts";

/** Why hooks.server.ts answers before any route runs. */
export type Refusal =
  | { code: "invalid_origin" | "method_not_allowed" | "unavailable" }
  | { code: "forbidden"; username: string };

/**
 * The HTML answer for a refusal. SvelteKit renders only its static error page for answers
 * a hook gives, so the hook renders this page itself: the frame every page has, and words
 * that say what happened and nothing of why.
 */
export function refusalResponse(refusal: Refusal, headers: Record<string, string> = {}): Response {
  const { landingOrigin } = env();
  const page =
    refusal.code === "forbidden"
      ? { kind: "forbidden" as const, username: refusal.username }
      : {
          kind: "problem" as const,
          title: ERROR_STATUS[refusal.code] >= 500 ? "Temporarily unavailable" : "Refused",
          message: AUTH_ERROR_CODES[refusal.code].message,
        };
  const { head, body } = render(RefusalPage, { props: { landingOrigin, refusal: page } });
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    ${head}
  </head>
  <body>
    ${body}
  </body>
</html>
`;
  return new Response(html, {
    status: ERROR_STATUS[refusal.code],
    headers: { "Content-Type": "text/html; charset=utf-8", ...headers },
  });
}
