import type { APIRoute } from "astro";

import { auth } from "../../lib/auth.ts";
import { clientIp, userAgent } from "../../lib/client.ts";
import { credentialsFormEndpoint } from "../../lib/credentials-form.ts";
import { methodNotAllowed } from "../../lib/responses.ts";

export const POST: APIRoute = credentialsFormEndpoint("/signup", (context, credentials) =>
  auth().signUp({ ...credentials, ip: clientIp(context), userAgent: userAgent(context) }),
);

export const ALL: APIRoute = methodNotAllowed;
