import { auth } from "../../../lib/auth.ts";
import { failureResponse } from "../../../lib/responses.ts";

/** Who is signed in, for client components: `{ user: { id, username } }`, or 401. */
export async function GET(request: Request): Promise<Response> {
  const resumed = await auth().resume(request.headers);
  if (resumed.status === "unavailable") {
    return failureResponse(request, "unavailable", { json: true });
  }
  const response =
    resumed.status === "signed-in"
      ? Response.json(
          { user: { id: resumed.user.id, username: resumed.user.username } },
          { headers: { "Cache-Control": "no-store" } },
        )
      : failureResponse(request, "unauthenticated", { json: true });
  if (resumed.setCookie) response.headers.append("Set-Cookie", resumed.setCookie);
  return response;
}
