import type { AuthResult } from "@monorepo-auth/auth/errors";
import { readForm } from "@monorepo-auth/auth/request/form";
import type { Session } from "@monorepo-auth/auth/session/session";
import type { SecondStepRequired } from "@monorepo-auth/auth/users/log-in";
import type { APIContext, APIRoute } from "astro";

import { auth } from "./auth.ts";
import { safeReturnTo } from "./client.ts";
import { respondWithFailure } from "./outcome.ts";
import { secondStepResponse, signedInResponse, unlessUnavailable } from "./responses.ts";

type SignInResult =
  | AuthResult<{
      token: string;
      session: Session;
      device?: { token: string; expiresAt: Date } | null;
    }>
  | SecondStepRequired;

/**
 * The endpoint behind a sign-in form (log in, sign up): reads `username`, `password`, an
 * optional `returnTo` (and `email`, which only sign-up's form has), runs `submit`, then
 * either redirects to the web app with the session cookie or shows the form again with the
 * message and what was typed kept, the password excepted.
 */
export function credentialsFormEndpoint(
  page: string,
  submit: (
    context: APIContext,
    fields: { username: string; password: string; email: string },
  ) => Promise<SignInResult>,
): APIRoute {
  return async (context) => {
    // Checked again here: the middleware is not the only line of defence.
    if (!auth().isAllowedOrigin(context.request)) {
      return respondWithFailure(context, "invalid_origin");
    }
    // Read a clone: the original body stays unread, so a failure can re-render the page.
    const form = await readForm(context.request.clone(), {
      required: ["username", "password"],
      optional: ["returnTo", "email"],
    });
    if (!form.ok) return respondWithFailure(context, form.error, { page });

    const { username, password, returnTo, email = "" } = form.fields;
    const values = { username, email, returnTo: safeReturnTo(returnTo) };
    return unlessUnavailable(context, page, values, async () => {
      const result = await submit(context, { username, password, email });
      if (!result.ok && "pending" in result) {
        return secondStepResponse(context, result.pending, values.returnTo);
      }
      if (!result.ok) {
        return respondWithFailure(context, result.error, {
          page,
          retryAfterSeconds: result.retryAfterSeconds,
          values,
        });
      }
      return signedInResponse(result, returnTo);
    });
  };
}
