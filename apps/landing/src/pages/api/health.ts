import type { APIRoute } from "astro";

import { auth } from "../../lib/auth.ts";

export const GET: APIRoute = () => auth().healthResponse();
