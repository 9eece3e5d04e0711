import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import type { Client } from "../request/client.ts";
import { ipClaim } from "../throttle/ip-claim.ts";
import { takeAttempts } from "../throttle/throttle.ts";
import { startProviderFlow } from "./provider-flow.ts";

/**
 * A provider's button on landing: a flow for this browser, and where to send it. Each
 * start writes a flow, so it takes one attempt from the asking IP's budget, as a login
 * does: a flood of starts cannot fill the database.
 */
export async function startProviderSignIn(
  context: AuthContext,
  input: { providerId: string; returnTo: string; client: Client },
): Promise<
  AuthResult<
    { url: string; token: string; expiresAt: Date },
    "not_found" | "provider_unavailable" | "too_many_attempts"
  >
> {
  const provider = context.providers.find(input.providerId);
  if (!provider) return failure("not_found");
  const attempt = await takeAttempts(
    context.database,
    [ipClaim(context, input.client.ip)],
    context.clock(),
  );
  if (!attempt.allowed) return failure("too_many_attempts", attempt.retryAfterSeconds);
  return startProviderFlow(context, { provider, purpose: "sign-in", returnTo: input.returnTo });
}
