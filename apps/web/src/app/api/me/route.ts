import { isUnavailableError } from "@monorepo-auth/db/errors";

import { auth } from "../../../lib/auth.ts";
import { failureResponse } from "../../../lib/responses.ts";

/** Who is signed in, for client components: `{ user: { id, username } }`, or 401. */
export async function GET(request: Request): Promise<Response> {
  const a = auth();
  const token = a.cookie.read(request.headers);
  if (token === null) return failureResponse(request, "unauthenticated", { json: true });
  try {
    const { session, user, refreshed } = await a.validateSessionToken(token);
    if (!user) {
      const response = failureResponse(request, "unauthenticated", { json: true });
      response.headers.append("Set-Cookie", a.cookie.clear());
      return response;
    }
    const response = Response.json(
      { user: { id: user.id, username: user.username } },
      { headers: { "Cache-Control": "no-store" } },
    );
    if (refreshed)
      response.headers.append("Set-Cookie", a.cookie.serialize(token, session.expiresAt));
    return response;
  } catch (error) {
    if (!isUnavailableError(error)) throw error;
    return failureResponse(request, "unavailable", { json: true });
  }
}
