import { isUnavailableError } from "@monorepo-auth/auth/errors";
import { readJsonBody } from "@monorepo-auth/auth/request/json-body";

import { apiSession, withCookie, type ApiSession } from "../../../lib/api-session.ts";
import { auth } from "../../../lib/auth.ts";
import { failureResponse } from "../../../lib/responses.ts";

type SignedIn = Extract<ApiSession, { ok: true }>;

/**
 * Adds a passkey: `{ challengeId, response, name }`, the browser's answer to the options of
 * POST /api/passkeys/options → 201 `{ passkey: { id, name }, endedSessions }`. The core
 * checks the answer's shape, its challenge (spent whatever the outcome), origin and relying
 * party. Adding one ends the user's other sessions, as turning on an authenticator app
 * does. JSON both ways: a passkey needs the page's script anyway.
 */
export async function POST(request: Request): Promise<Response> {
  const signedIn = await apiSession(request);
  if (!signedIn.ok) return signedIn.response;
  let answer: Response;
  try {
    answer = await addPasskey(request, signedIn);
  } catch (error) {
    if (!isUnavailableError(error)) throw error;
    answer = failureResponse(request, "unavailable", { json: true });
  }
  return withCookie(answer, signedIn.setCookie);
}

async function addPasskey(request: Request, signedIn: SignedIn): Promise<Response> {
  const read = await readJsonBody(request);
  if (!read.ok) return failureResponse(request, read.error, { json: true });
  const { challengeId, response, name } = read.body;
  const result = await auth().finishPasskeyRegistration({
    user: signedIn.user,
    challengeId,
    response,
    name,
    currentSessionId: signedIn.session.id,
    ip: signedIn.ip,
  });
  if (!result.ok) return failureResponse(request, result.error, { json: true });
  const { id, name: stored } = result.passkey;
  return Response.json(
    { passkey: { id, name: stored }, endedSessions: result.endedSessions },
    { status: 201, headers: { "Cache-Control": "no-store" } },
  );
}

const notAllowed = (request: Request): Response =>
  failureResponse(request, "method_not_allowed", { json: true, headers: { Allow: "POST" } });

export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
