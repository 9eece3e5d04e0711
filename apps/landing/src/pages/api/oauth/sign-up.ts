import { readForm } from "@monorepo-auth/auth/request/form";
import type { APIRoute } from "astro";

import { auth } from "../../../lib/auth.ts";
import { client } from "../../../lib/client.ts";
import { respondWithFailure } from "../../../lib/outcome.ts";
import { methodNotAllowed, signedInResponse, unlessUnavailable } from "../../../lib/responses.ts";

const PAGE = "/welcome";

// The username page's form: the account is made with the name chosen, the identity the
// provider vouched for, and no password; then the session starts as after any sign-up.
export const POST: APIRoute = async (context) => {
  const a = auth();
  if (!a.isAllowedOrigin(context.request)) return respondWithFailure(context, "invalid_origin");
  const form = await readForm(context.request.clone(), { required: ["username"] });
  if (!form.ok) return respondWithFailure(context, form.error, { page: PAGE });
  const { username } = form.fields;
  return unlessUnavailable(context, PAGE, { username }, async () => {
    const result = await a.finishProviderSignUp({
      headers: context.request.headers,
      username,
      client: client(context),
    });
    if (!result.ok) {
      return respondWithFailure(context, result.error, { page: PAGE, values: { username } });
    }
    const response = signedInResponse(result, result.returnTo);
    response.headers.append("Set-Cookie", a.cookie.clearFlow());
    return response;
  });
};

export const ALL: APIRoute = methodNotAllowed;
