import type { APIRoute } from "astro";

import { auth } from "../../../lib/auth.ts";
import { respondWithFailure } from "../../../lib/outcome.ts";
import { methodNotAllowed, unlessUnavailable } from "../../../lib/responses.ts";
import { passkeyFailure } from "../../../lib/passkey-answers.ts";

// The second step by a passkey: options naming the pending sign-in's own passkeys.
export const POST: APIRoute = async (context) => {
  const a = auth();
  if (!a.isAllowedOrigin(context.request)) return respondWithFailure(context, "invalid_origin");
  return unlessUnavailable(context, undefined, undefined, async () => {
    const started = await a.startPasskeySecondStep(context.request.headers);
    if (!started.ok) return passkeyFailure(started.error);
    const { challengeId, options } = started;
    return Response.json({ challengeId, options }, { headers: { "Cache-Control": "no-store" } });
  });
};

export const ALL: APIRoute = methodNotAllowed;
