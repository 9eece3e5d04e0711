import * as oidc from "openid-client";

/**
 * A short, fixed word for why openid-client refused a response: the check that failed
 * (`id_token_aud`, `id_token_nonce`…), `token_refused` when the provider refused the code,
 * `unreachable` when it did not answer. Never the response itself.
 */
export function refusalReason(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError) return "token_refused";
  if (error instanceof oidc.AuthorizationResponseError) return "provider_error";
  if (error instanceof oidc.ClientError) {
    // openid-client wraps oauth4webapi's error, whose message and cause say which check failed.
    const inner: unknown = error.cause;
    const detail = inner instanceof Error ? inner.message : error.message;
    const claim = failedClaim(inner) ?? /^JWT "([a-z_]{1,20})" .* claim missing$/.exec(detail)?.[1];
    if (claim) return `id_token_${claim}`;
    if (/signature/i.test(detail)) return "id_token_signature";
    return error.code ? error.code.toLowerCase() : "response_invalid";
  }
  if (error instanceof TypeError || (error instanceof Error && error.name === "TimeoutError")) {
    return "unreachable";
  }
  return "response_invalid";
}

// oauth4webapi names the claim a failed comparison was about (`aud`, `iss`, `nonce`, `exp`…).
function failedClaim(error: unknown): string | null {
  const cause = error instanceof Error ? error.cause : null;
  if (typeof cause !== "object" || cause === null || !("claim" in cause)) return null;
  const { claim } = cause;
  return typeof claim === "string" && /^[a-z_]{1,20}$/.test(claim) ? claim : null;
}
