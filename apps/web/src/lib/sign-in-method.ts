import type { FirstFactor, SignInMethod } from "@monorepo-auth/auth/session/session";

/** A provider turned on, as `auth().signInProviders()` lists it. */
export interface SignInProvider {
  id: string;
  label: string;
}

/**
 * The kit's own names for its providers: a session or a linked account may come from a
 * provider the server no longer offers, and must still be named.
 */
const KNOWN: Record<string, string> = {
  github: "GitHub",
  google: "Google",
  oidc: "OpenID Connect",
};

const SECOND_STEPS: Record<string, string> = {
  totp: "app code",
  "recovery-code": "recovery code",
  passkey: "passkey",
};

/**
 * A provider's name: the configured one (an OpenID provider's is the operator's), else the
 * kit's, else its id.
 */
export function providerLabel(providers: readonly SignInProvider[], id: string): string {
  return providers.find((provider) => provider.id === id)?.label ?? KNOWN[id] ?? id;
}

/**
 * How a session started, in the sessions list: "password and app code", "GitHub",
 * "Google and passkey", "passkey"…
 */
export function describeSignInMethod(
  method: SignInMethod,
  providers: readonly SignInProvider[],
): string {
  if (method === "passkey") return "passkey";
  const [first, second] = method.split("+") as [FirstFactor, string | undefined];
  const name = first === "password" ? "password" : providerLabel(providers, first);
  return second === undefined ? name : `${name} and ${SECOND_STEPS[second] ?? second}`;
}
