import { readForm } from "@monorepo-auth/auth/request/form";
import type { APIRoute } from "astro";

import { auth } from "../../lib/auth.ts";
import { client, safeReturnTo } from "../../lib/client.ts";
import { respondWithFailure } from "../../lib/outcome.ts";
import { methodNotAllowed, signedInResponse, unlessUnavailable } from "../../lib/responses.ts";

const PAGE = "/two-step";

// The second step of a sign-in: the pending sign-in in this browser's cookie, and a code
// from the authenticator app or a recovery code. Done, the pending cookie is cleared and the
// session cookie set, as after a login; after a recovery code, a page first says how many
// are left.
export const POST: APIRoute = async (context) => {
  const a = auth();
  if (!a.isAllowedOrigin(context.request)) return respondWithFailure(context, "invalid_origin");
  const form = await readForm(context.request.clone(), {
    required: ["code"],
    optional: ["returnTo"],
  });
  if (!form.ok) return respondWithFailure(context, form.error, { page: PAGE });
  const returnTo = safeReturnTo(form.fields.returnTo);
  return unlessUnavailable(context, PAGE, { returnTo }, async () => {
    const result = await a.completeSignIn({
      headers: context.request.headers,
      code: form.fields.code,
      client: client(context),
    });
    if (!result.ok) {
      return respondWithFailure(context, result.error, {
        page: PAGE,
        retryAfterSeconds: result.retryAfterSeconds,
        values: { returnTo },
      });
    }
    const response = signedInResponse(result, returnTo);
    response.headers.append("Set-Cookie", a.cookie.clearPending());
    if (result.recoveryCodesLeft === null) return response;
    // Signed in with a recovery code: say how many are left before going on.
    context.locals.done = {
      recoveryCodesLeft: result.recoveryCodesLeft,
      next: a.redirectAfterSignIn(returnTo),
    };
    const page = await context.rewrite(PAGE);
    const shown = new Response(page.body, { status: 200, headers: page.headers });
    for (const line of response.headers.getSetCookie()) shown.headers.append("Set-Cookie", line);
    return shown;
  });
};

export const ALL: APIRoute = methodNotAllowed;
