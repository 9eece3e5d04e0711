import type { APIRoute } from "astro";

import { auth } from "../../lib/auth.ts";
import { clientIp, userAgent } from "../../lib/client.ts";
import { credentialsFormEndpoint } from "../../lib/credentials-form.ts";
import { methodNotAllowed } from "../../lib/responses.ts";

export const POST: APIRoute = credentialsFormEndpoint("/login", (context, credentials) => {
  const a = auth();
  return a.logIn({
    ...credentials,
    ip: clientIp(context),
    userAgent: userAgent(context),
    // Whatever session the request carried ends; the new one never reuses its token.
    currentToken: a.cookie.read(context.request.headers),
  });
});

export const ALL: APIRoute = methodNotAllowed;
