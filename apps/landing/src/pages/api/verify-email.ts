import { readForm } from "@monorepo-auth/auth/request/form";
import type { APIRoute } from "astro";

import { auth } from "../../lib/auth.ts";
import { client } from "../../lib/client.ts";
import { respondDone } from "../../lib/done.ts";
import { tokenFromLink } from "../../lib/mailed-link.ts";
import { respondWithFailure } from "../../lib/outcome.ts";
import { methodNotAllowed, unlessUnavailable } from "../../lib/responses.ts";

const PAGE = "/verify-email";

// The link alone proves the address: no session is needed, and none is started.
export const POST: APIRoute = async (context) => {
  if (!auth().isAllowedOrigin(context.request)) {
    return respondWithFailure(context, "invalid_origin");
  }
  const form = await readForm(context.request.clone(), { required: ["link"] });
  if (!form.ok) return respondWithFailure(context, form.error, { page: PAGE });
  return unlessUnavailable(context, PAGE, undefined, async () => {
    const result = await auth().verifyEmail(tokenFromLink(form.fields.link), client(context).ip);
    if (!result.ok) return respondWithFailure(context, result.error, { page: PAGE });
    const { email } = result;
    return respondDone(context, PAGE, { email }, { status: 200, body: { email } });
  });
};

export const ALL: APIRoute = methodNotAllowed;
