import type { APIRoute } from "astro";

import { auth } from "../../lib/auth.ts";
import { client } from "../../lib/client.ts";
import { credentialsFormEndpoint } from "../../lib/credentials-form.ts";
import { methodNotAllowed } from "../../lib/responses.ts";

// Signing up signs in: any session the request carried ends, as at login.
export const POST: APIRoute = credentialsFormEndpoint("/signup", (context, credentials) =>
  auth().signUp({ ...credentials, ...client(context) }),
);

export const ALL: APIRoute = methodNotAllowed;
