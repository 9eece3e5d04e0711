import type { APIRoute } from "astro";

import { auth } from "../../lib/auth.ts";
import { clientIp } from "../../lib/client.ts";
import { respondWithFailure } from "../../lib/outcome.ts";
import { methodNotAllowed, unlessUnavailable } from "../../lib/responses.ts";

/** Ends the session in the database (so on both apps at once) and clears the cookie. */
export const POST: APIRoute = (context) =>
  unlessUnavailable(context, undefined, undefined, async () => {
    const a = auth();
    // Checked again here: the middleware is not the only line of defence.
    if (!a.isAllowedOrigin(context.request)) return respondWithFailure(context, "invalid_origin");
    const token = a.cookie.read(context.request.headers);
    if (token !== null) await a.logOut(token, clientIp(context));
    return new Response(null, {
      status: 303,
      headers: { Location: "/", "Set-Cookie": a.cookie.clear(), "Cache-Control": "no-store" },
    });
  });

export const ALL: APIRoute = methodNotAllowed;
