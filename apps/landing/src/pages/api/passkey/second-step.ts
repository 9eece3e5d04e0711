import { readJsonBody } from "@monorepo-auth/auth/request/json-body";
import type { APIRoute } from "astro";

import { auth } from "../../../lib/auth.ts";
import { client, safeReturnTo } from "../../../lib/client.ts";
import { respondWithFailure } from "../../../lib/outcome.ts";
import { passkeyFailure, passkeySignedIn } from "../../../lib/passkey-answers.ts";
import { methodNotAllowed, unlessUnavailable } from "../../../lib/responses.ts";

// The pending sign-in finished by one of its user's passkeys: the session cookie, the
// pending one cleared, and where to go.
export const POST: APIRoute = async (context) => {
  const a = auth();
  if (!a.isAllowedOrigin(context.request)) return respondWithFailure(context, "invalid_origin");
  const read = await readJsonBody(context.request.clone());
  if (!read.ok) return passkeyFailure(read.error);
  const { challengeId, response, returnTo } = read.body;
  return unlessUnavailable(context, undefined, undefined, async () => {
    const result = await a.finishPasskeySecondStep({
      headers: context.request.headers,
      challengeId,
      response,
      client: client(context),
    });
    if (!result.ok) return passkeyFailure(result.error);
    const answer = passkeySignedIn(
      result,
      typeof returnTo === "string" ? safeReturnTo(returnTo) : "",
    );
    answer.headers.append("Set-Cookie", a.cookie.clearPending());
    return answer;
  });
};

export const ALL: APIRoute = methodNotAllowed;
