// The few types of `oidc-provider` that ./oidc-provider.ts uses: the package ships plain
// JavaScript without declarations, and without these every value from it would be `any`.
// Only what the test provider passes and calls is declared; see the package's docs for the rest.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  import type { JWK } from "jose";

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    redirect_uris?: string[];
    grant_types?: string[];
    response_types?: string[];
    token_endpoint_auth_method?: string;
    id_token_signed_response_alg?: string;
  }

  export interface Account {
    accountId: string;
    /** The claims about the account, all of them: the provider keeps those the scopes allow. */
    claims(use: string, scope: string): Promise<Record<string, unknown>>;
  }

  export interface Configuration {
    clients?: ClientMetadata[];
    claims?: Record<string, string[]>;
    conformIdTokenClaims?: boolean;
    cookies?: { keys?: string[] };
    features?: { devInteractions?: { enabled: boolean } };
    findAccount?: (context: unknown, subject: string) => Promise<Account | undefined>;
    jwks?: { keys: JWK[] };
    pkce?: { required?: (context: unknown, client: unknown) => boolean };
    /** Writes the error page; `context` is Koa's. */
    renderError?: (
      context: { type: string; body: unknown },
      out: Record<string, string>,
      error: Error,
    ) => Promise<void>;
    /** Lifetimes in seconds. */
    ttl?: Record<string, number>;
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    /**
     * The request listener for node:http. Koa's handler returns a promise that never rejects
     * (errors become responses), hence `void` here.
     */
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
  }
}
