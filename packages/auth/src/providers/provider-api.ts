import type { AuthContext } from "../auth-context.ts";
import type { Client } from "../request/client.ts";
import type { SessionCookieSettings } from "../session/session-cookie.ts";
import { readFlowCookie } from "./flow-cookie.ts";
import { signInMethodsOf, startIdentityLink, unlinkIdentity } from "./identities.ts";
import { providerCallback } from "./provider-sign-in.ts";
import { finishProviderSignUp, providerSignUpOf } from "./provider-sign-up.ts";
import { startProviderSignIn } from "./provider-start.ts";

/**
 * The auth object's part about sign-in providers (`createAuth` spreads it in): the buttons,
 * landing's callback and username page, and web's sign-in methods. The flow cookie is read
 * here, from the request's headers, as the other cookies are read by the auth object.
 */
export function providerApi(context: AuthContext, cookieSettings: SessionCookieSettings) {
  return {
    /** The providers turned on, for their buttons: id and name, in order. */
    signInProviders: (): { id: string; label: string }[] =>
      context.providers.all.map(({ id, label }) => ({ id, label })),
    /** A provider's button: where to send the browser, and the flow cookie to give it. */
    startProviderSignIn: (input: { providerId: string; returnTo: string; client: Client }) =>
      startProviderSignIn(context, input),
    /** Landing's callback: the provider's answer, and the flow this browser holds. */
    providerCallback(input: { providerId: string; url: URL; headers: Headers; client: Client }) {
      const provider = context.providers.find(input.providerId);
      if (!provider) return Promise.resolve(null);
      return providerCallback(context, {
        provider,
        flowToken: readFlowCookie(input.headers.get("cookie"), cookieSettings),
        query: input.url.searchParams,
        client: input.client,
      });
    },
    /** The new account waiting for its username, from this browser's flow; null for none. */
    providerSignUp: (headers: Headers) =>
      providerSignUpOf(context, readFlowCookie(headers.get("cookie"), cookieSettings)),
    finishProviderSignUp: (input: { headers: Headers; username: string; client: Client }) =>
      finishProviderSignUp(context, {
        flowToken: readFlowCookie(input.headers.get("cookie"), cookieSettings),
        username: input.username,
        client: input.client,
      }),
    /** Password, passkeys and linked provider accounts: the ways into an account. */
    signInMethods: (userId: string) => signInMethodsOf(context, userId),
    startIdentityLink: (input: Parameters<typeof startIdentityLink>[1]) =>
      startIdentityLink(context, input),
    unlinkIdentity: (input: Parameters<typeof unlinkIdentity>[1]) => unlinkIdentity(context, input),
  };
}
