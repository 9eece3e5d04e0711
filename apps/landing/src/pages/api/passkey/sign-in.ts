import { readJsonBody } from "@monorepo-auth/auth/request/json-body";
import type { APIRoute } from "astro";

import { auth } from "../../../lib/auth.ts";
import { client, safeReturnTo } from "../../../lib/client.ts";
import { respondWithFailure } from "../../../lib/outcome.ts";
import { passkeyFailure, passkeySignedIn } from "../../../lib/passkey-answers.ts";
import { methodNotAllowed, unlessUnavailable } from "../../../lib/responses.ts";

// The answer of the browser's authenticator: checked by the core, then the session cookie
// as after a login, and where to go, for the page's script to follow. JSON both ways: a
// passkey needs the page's script anyway.
export const POST: APIRoute = async (context) => {
  const a = auth();
  if (!a.isAllowedOrigin(context.request)) return respondWithFailure(context, "invalid_origin");
  const read = await readJsonBody(context.request.clone());
  if (!read.ok) return passkeyFailure(read.error);
  const { challengeId, response, returnTo } = read.body;
  return unlessUnavailable(context, undefined, undefined, async () => {
    const result = await a.finishPasskeySignIn({ challengeId, response, client: client(context) });
    if (!result.ok) return passkeyFailure(result.error);
    return passkeySignedIn(result, typeof returnTo === "string" ? safeReturnTo(returnTo) : "");
  });
};

export const ALL: APIRoute = methodNotAllowed;
