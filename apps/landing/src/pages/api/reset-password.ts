import { readForm } from "@monorepo-auth/auth/request/form";
import type { APIRoute } from "astro";

import { auth } from "../../lib/auth.ts";
import { client } from "../../lib/client.ts";
import { tokenFromLink } from "../../lib/mailed-link.ts";
import { respondWithFailure } from "../../lib/outcome.ts";
import {
  methodNotAllowed,
  secondStepResponse,
  signedInResponse,
  unlessUnavailable,
} from "../../lib/responses.ts";

const PAGE = "/reset-password";

// A new password through a mailed link: every session of the user ends, and this browser
// is signed in, as after a login (after the second step, for an account that has one).
export const POST: APIRoute = async (context) => {
  if (!auth().isAllowedOrigin(context.request)) {
    return respondWithFailure(context, "invalid_origin");
  }
  const form = await readForm(context.request.clone(), { required: ["link", "password"] });
  if (!form.ok) return respondWithFailure(context, form.error, { page: PAGE });
  const token = tokenFromLink(form.fields.link);
  return unlessUnavailable(context, PAGE, undefined, async () => {
    const result = await auth().resetPassword({
      token,
      newPassword: form.fields.password,
      client: client(context),
    });
    // An account with a second factor is asked for it next, as after a password.
    if (result.ok && "pending" in result) return secondStepResponse(context, result.pending, "");
    if (result.ok) return signedInResponse(result, null);
    const linkFailed = result.error === "link_invalid" || result.error === "link_expired";
    // A refused password keeps the link working: the token goes back into this answer's
    // form (never into a URL), so the person can choose again.
    return respondWithFailure(context, result.error, {
      page: PAGE,
      ...(linkFailed ? {} : { values: { link: token } }),
    });
  });
};

export const ALL: APIRoute = methodNotAllowed;
