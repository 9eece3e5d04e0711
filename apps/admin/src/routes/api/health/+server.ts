import { auth } from "#lib/server/auth.ts";

import type { RequestHandler } from "./$types";

export const GET: RequestHandler = () => auth().healthResponse();
