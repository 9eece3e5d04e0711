import { readForm } from "@monorepo-auth/auth/request/form";
import type { APIRoute } from "astro";

import { auth } from "../../../lib/auth.ts";
import { client, safeReturnTo } from "../../../lib/client.ts";
import { respondWithFailure } from "../../../lib/outcome.ts";
import { methodNotAllowed, unlessUnavailable } from "../../../lib/responses.ts";

// A provider's button on the login and sign-up pages: a form, so that it works without
// JavaScript and passes the origin check. The browser gets the flow cookie and goes to the
// provider (303); where it was going comes back with it, through the same allowlist.
export const POST: APIRoute = async (context) => {
  const a = auth();
  if (!a.isAllowedOrigin(context.request)) return respondWithFailure(context, "invalid_origin");
  const form = await readForm(context.request.clone(), {
    required: ["provider"],
    optional: ["returnTo"],
  });
  if (!form.ok) return respondWithFailure(context, form.error, { page: "/login" });
  const returnTo = safeReturnTo(form.fields.returnTo);
  return unlessUnavailable(context, "/login", { returnTo }, async () => {
    const started = await a.startProviderSignIn({
      providerId: form.fields.provider,
      returnTo,
      client: client(context),
    });
    if (!started.ok) {
      return respondWithFailure(context, started.error, {
        page: "/login",
        retryAfterSeconds: started.retryAfterSeconds,
        values: { returnTo },
      });
    }
    const headers = new Headers({ Location: started.url, "Cache-Control": "no-store" });
    headers.append("Set-Cookie", a.cookie.flow(started.token, started.expiresAt));
    return new Response(null, { status: 303, headers });
  });
};

export const ALL: APIRoute = methodNotAllowed;
