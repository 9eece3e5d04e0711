import { isUnavailableError } from "@monorepo-auth/auth/errors";

import { auth, clientFrom } from "../../../lib/auth.ts";
import { failureResponse } from "../../../lib/responses.ts";

/** Ends the session in the database (so on both apps at once), clears the cookie, and
 * sends the browser to landing. */
export async function POST(request: Request): Promise<Response> {
  const a = auth();
  // Checked again here: the proxy is not the only line of defence.
  if (!a.isAllowedOrigin(request)) return failureResponse(request, "invalid_origin");
  try {
    await a.logOut(clientFrom(request.headers));
  } catch (error) {
    if (!isUnavailableError(error)) throw error;
    return failureResponse(request, "unavailable");
  }
  return new Response(null, {
    status: 303,
    headers: {
      Location: `${a.settings.landingOrigin}/`,
      "Set-Cookie": a.cookie.clear(),
      "Cache-Control": "no-store",
    },
  });
}

const notAllowed = (request: Request): Response =>
  failureResponse(request, "method_not_allowed", { headers: { Allow: "POST" } });

export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
