import type { APIRoute } from "astro";

import { auth } from "../../../../lib/auth.ts";
import { client } from "../../../../lib/client.ts";
import { respondWithFailure } from "../../../../lib/outcome.ts";
import { providerProblem } from "../../../../lib/provider-answers.ts";
import {
  secondStepResponse,
  signedInResponse,
  unlessUnavailable,
} from "../../../../lib/responses.ts";

// Where a provider sends the browser back, with a code and the state (or an error). The
// core checks everything (decision 0025); this turns its answer into a redirect, so the
// code never stays in the address bar or the history. The flow cookie is spent either way.
export const GET: APIRoute = async (context) => {
  const a = auth();
  return unlessUnavailable(context, undefined, undefined, async () => {
    const result = await a.providerCallback({
      providerId: context.params.provider ?? "",
      url: context.url,
      headers: context.request.headers,
      client: client(context),
    });
    if (result === null) return respondWithFailure(context, "not_found");
    const response = answer(context, result);
    if (!(result.ok && result.outcome === "choose-username")) {
      response.headers.append("Set-Cookie", a.cookie.clearFlow());
    }
    return response;
  });
};

function answer(
  context: Parameters<APIRoute>[0],
  result: NonNullable<Awaited<ReturnType<ReturnType<typeof auth>["providerCallback"]>>>,
): Response {
  const a = auth();
  if (!result.ok) return providerProblem(result.error, result.returnTo);
  switch (result.outcome) {
    case "signed-in":
      return signedInResponse(result, result.returnTo);
    case "second-step":
      return secondStepResponse(context, result.pending, result.returnTo);
    case "linked":
      return redirect(a.redirectAfterSignIn(result.returnTo));
    case "choose-username": {
      const response = redirect("/welcome");
      response.headers.append(
        "Set-Cookie",
        a.cookie.flow(result.flow.token, result.flow.expiresAt),
      );
      return response;
    }
  }
}

function redirect(location: string): Response {
  return new Response(null, {
    status: 303,
    headers: { Location: location, "Cache-Control": "no-store" },
  });
}

export const ALL: APIRoute = (context) =>
  respondWithFailure(context, "method_not_allowed", { headers: { Allow: "GET" } });
