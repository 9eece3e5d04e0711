import type { AuthResult } from "@monorepo-auth/auth/errors";
import { readForm } from "@monorepo-auth/auth/request/form";
import type { Session } from "@monorepo-auth/auth/session/session";
import type { APIContext, APIRoute } from "astro";

import { auth } from "./auth.ts";
import { safeReturnTo } from "./client.ts";
import { respondWithFailure } from "./outcome.ts";
import { signedInResponse, unlessUnavailable } from "./responses.ts";

type SignInResult = AuthResult<{
  token: string;
  session: Session;
  device?: { token: string; expiresAt: Date } | null;
}>;

/**
 * The endpoint behind a sign-in form (log in, sign up): reads `username`, `password` and
 * an optional `returnTo`, runs `submit`, then either redirects to the web app with the
 * session cookie or shows the form again with the message and the username kept.
 */
export function credentialsFormEndpoint(
  page: string,
  submit: (
    context: APIContext,
    fields: { username: string; password: string },
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
      optional: ["returnTo"],
    });
    if (!form.ok) return respondWithFailure(context, form.error, { page });

    const { username, password, returnTo } = form.fields;
    const values = { username, returnTo: safeReturnTo(returnTo) };
    return unlessUnavailable(context, page, values, async () => {
      const result = await submit(context, { username, password });
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
