import type { APIRoute } from "astro";

import { auth } from "../../../lib/auth.ts";
import { respondWithFailure } from "../../../lib/outcome.ts";
import { methodNotAllowed, unlessUnavailable } from "../../../lib/responses.ts";

// The start of a sign-in with a passkey alone: options for `navigator.credentials.get`,
// and the id of their single-use challenge, which the answer must bring back.
export const POST: APIRoute = async (context) => {
  const a = auth();
  if (!a.isAllowedOrigin(context.request)) return respondWithFailure(context, "invalid_origin");
  return unlessUnavailable(context, undefined, undefined, async () => {
    const started = await a.startPasskeySignIn();
    return Response.json(started, { headers: { "Cache-Control": "no-store" } });
  });
};

export const ALL: APIRoute = methodNotAllowed;
