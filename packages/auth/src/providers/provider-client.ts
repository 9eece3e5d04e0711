import * as oidc from "openid-client";

import type { ProviderSettings } from "./provider-settings.ts";

/** A provider as openid-client speaks to it, and whether it signs ID tokens (OpenID Connect). */
export interface ProviderClient {
  settings: ProviderSettings;
  config: oidc.Configuration;
  openId: boolean;
}

// GitHub speaks OAuth 2.0 without OpenID Connect: fixed endpoints, no ID token, and the
// person is read from its API with the access token.
const GITHUB_SERVER: oidc.ServerMetadata = {
  issuer: "https://github.com/login/oauth",
  authorization_endpoint: "https://github.com/login/oauth/authorize",
  token_endpoint: "https://github.com/login/oauth/access_token",
};

// Seconds a provider has to answer one request before the sign-in fails as unavailable.
const PROVIDER_TIMEOUT_SECONDS = 10;

/**
 * The clients of the configured providers, each made on first use: an OpenID provider's
 * discovery document is fetched then, not at start, so an unreachable provider never stops
 * an app from starting. A failed discovery is forgotten and tried again by the next sign-in.
 */
export function providerClients(providers: readonly ProviderSettings[]) {
  const made = new Map<string, Promise<ProviderClient>>();
  return {
    /** The provider's client; rejects when its discovery document cannot be had. */
    get(settings: ProviderSettings): Promise<ProviderClient> {
      let client = made.get(settings.id);
      if (!client) {
        client = makeClient(settings);
        made.set(settings.id, client);
        client.catch(() => made.delete(settings.id));
      }
      return client;
    },
    /** The providers turned on, in the order of their buttons. */
    all: providers,
    find: (id: string): ProviderSettings | null =>
      providers.find((provider) => provider.id === id) ?? null,
  };
}

export type ProviderClients = ReturnType<typeof providerClients>;

async function makeClient(settings: ProviderSettings): Promise<ProviderClient> {
  const auth = oidc.ClientSecretPost(settings.clientSecret);
  if (settings.issuer === null) {
    const config = new oidc.Configuration(GITHUB_SERVER, settings.clientId, undefined, auth);
    config.timeout = PROVIDER_TIMEOUT_SECONDS;
    return { settings, config, openId: false };
  }
  const issuer = new URL(settings.issuer);
  // Settings allow an http issuer only where the apps run on http themselves (tests, local).
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated only to stand out: http issuers are refused by the settings unless the apps run on http too
  const execute = issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : [];
  const config = await oidc.discovery(issuer, settings.clientId, undefined, auth, {
    execute,
    timeout: PROVIDER_TIMEOUT_SECONDS,
  });
  // ID tokens are checked against the provider's published keys, not only its TLS: a
  // token is accepted only with a signature the provider made.
  oidc.enableNonRepudiationChecks(config);
  config.timeout = PROVIDER_TIMEOUT_SECONDS;
  return { settings, config, openId: true };
}
