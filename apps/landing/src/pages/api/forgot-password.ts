import { readForm } from "@monorepo-auth/auth/request/form";
import type { APIRoute } from "astro";

import { auth } from "../../lib/auth.ts";
import { client } from "../../lib/client.ts";
import { respondDone } from "../../lib/done.ts";
import { respondWithFailure } from "../../lib/outcome.ts";
import { methodNotAllowed, unlessUnavailable } from "../../lib/responses.ts";

const PAGE = "/forgot-password";

// The same answer whether or not an account or a verified address matches: the look-up
// and the mail happen after it (see requestPasswordReset).
export const POST: APIRoute = async (context) => {
  if (!auth().isAllowedOrigin(context.request)) {
    return respondWithFailure(context, "invalid_origin");
  }
  const form = await readForm(context.request.clone(), { required: ["identifier"] });
  if (!form.ok) return respondWithFailure(context, form.error, { page: PAGE });
  const values = { identifier: form.fields.identifier };
  return unlessUnavailable(context, PAGE, values, async () => {
    const { ip, deviceToken } = client(context);
    const result = await auth().requestPasswordReset({
      identifier: form.fields.identifier,
      ip,
      deviceToken,
    });
    if (!result.ok) {
      return respondWithFailure(context, result.error, {
        page: PAGE,
        retryAfterSeconds: result.retryAfterSeconds,
        values,
      });
    }
    return respondDone(context, PAGE, {}, { status: 202, body: { status: "sent" } });
  });
};

export const ALL: APIRoute = methodNotAllowed;
