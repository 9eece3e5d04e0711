import { isUnavailableError } from "@monorepo-auth/auth/errors";

import { apiSession, withCookie } from "../../../../lib/api-session.ts";
import { auth } from "../../../../lib/auth.ts";
import { failureResponse } from "../../../../lib/responses.ts";

/**
 * The start of adding a passkey: options for the browser's `navigator.credentials.create`,
 * and the id of their single-use challenge, which POST /api/passkeys must bring back. A
 * POST, not a GET: each call stores a challenge.
 */
export async function POST(request: Request): Promise<Response> {
  const signedIn = await apiSession(request);
  if (!signedIn.ok) return signedIn.response;
  let answer: Response;
  try {
    const started = await auth().startPasskeyRegistration(signedIn.user);
    answer = Response.json(started, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (!isUnavailableError(error)) throw error;
    answer = failureResponse(request, "unavailable", { json: true });
  }
  return withCookie(answer, signedIn.setCookie);
}

const notAllowed = (request: Request): Response =>
  failureResponse(request, "method_not_allowed", { json: true, headers: { Allow: "POST" } });

export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
