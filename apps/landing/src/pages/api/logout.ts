import type { APIRoute } from "astro";

import { auth } from "../../lib/auth.ts";
import { client } from "../../lib/client.ts";
import { respondWithFailure } from "../../lib/outcome.ts";
import { methodNotAllowed, unlessUnavailable } from "../../lib/responses.ts";

/** Ends the session in the database (so on both apps at once) and clears the cookie. */
export const POST: APIRoute = (context) =>
  unlessUnavailable(context, undefined, undefined, async () => {
    const a = auth();
    // Checked again here: the middleware is not the only line of defence.
    if (!a.isAllowedOrigin(context.request)) return respondWithFailure(context, "invalid_origin");
    await a.logOut(client(context));
    return new Response(null, {
      status: 303,
      headers: { Location: "/", "Set-Cookie": a.cookie.clear(), "Cache-Control": "no-store" },
    });
  });

export const ALL: APIRoute = methodNotAllowed;
