import type { APIRoute } from "astro";

import { auth } from "../../lib/auth.ts";
import { client } from "../../lib/client.ts";
import { credentialsFormEndpoint } from "../../lib/credentials-form.ts";
import { methodNotAllowed } from "../../lib/responses.ts";

// Whatever sessions the request carried end; the new one never reuses a token. A browser
// signing in without a device token for the account gets one (see decision 0013).
export const POST: APIRoute = credentialsFormEndpoint("/login", (context, credentials) =>
  auth().logIn({ ...credentials, ...client(context) }),
);

export const ALL: APIRoute = methodNotAllowed;
