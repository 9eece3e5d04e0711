// A deliberately misbehaving OpenID Provider, for the security tests of "sign in with an
// OpenID Connect provider": a tiny HTTP server that speaks just enough OpenID Connect (discovery,
// authorization code with PKCE, token, JWKS, userinfo) for a relying party to run the whole
// flow, and whose ID tokens a test spoils on purpose (another audience or issuer, a wrong or
// missing nonce, expired, signed by a key it does not publish, unsigned). A relying party must
// refuse every spoiled token; the well-formed ones show the refusals come from the spoiling.
// The token endpoint's own checks (single-use codes, PKCE, client secret) are real, and it
// counts what it refused. For a provider that does everything right, see ./oidc-provider.ts.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWTPayload,
} from "jose";

import { closeServer, listenOnFreePort } from "./local-server.ts";

export interface FakeAccount {
  subject: string;
  email?: string;
  emailVerified?: boolean;
  preferredUsername?: string;
  name?: string;
}

/** How to spoil an ID token; every field left out stays as a well-formed token has it. */
export interface IdTokenSpoiler {
  /** `aud` instead of the client id. */
  audience?: string;
  /** `iss` instead of the issuer. */
  issuer?: string;
  /** `nonce` instead of the one the authorization request sent; null leaves it out. */
  nonce?: string | null;
  /**
   * `exp` this many seconds from now (five minutes when well-formed); negative means already
   * expired. Relying parties allow some clock skew (openid-client 30 s), so go well past it.
   */
  expiresInSeconds?: number;
  /** Signed by a key the provider does not publish, under the published key's `kid`. */
  signWithForeignKey?: boolean;
  /** Not signed at all (`alg: "none"`). */
  alg?: "none";
}

export interface FakeProvider {
  /** Where the provider answers, e.g. http://127.0.0.1:41234, without a trailing slash. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in next (claims of the ID token); until called, a bare `fake-subject`. */
  signInAs(account: FakeAccount): void;
  /** How the next ID tokens are spoiled; {} for well-formed ones. Stays until changed. */
  spoil(spoiler: IdTokenSpoiler): void;
  /**
   * The authorization endpoint answers at once (no login page): a GET of the authorization URL
   * gives a 302 to redirect_uri with code and state. This does that GET and returns where the
   * redirect goes (or, for a refused request, the callback with `error`).
   */
  authorize(authorizationUrl: string): Promise<URL>;
  /**
   * How many token requests it has seen, and how many it refused (reused code, wrong or missing
   * PKCE verifier, wrong client secret, and any other malformed request).
   */
  tokenRequests(): { total: number; refused: number };
  stop(): Promise<void>;
}

/** What the authorization endpoint remembers for the code it hands out, used once. */
interface Grant {
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  scope: string;
  account: FakeAccount;
  expiresAt: number;
}

interface Keys {
  kid: string;
  signing: CryptoKey;
  /** Same algorithm and `kid`, never published. */
  foreign: CryptoKey;
  published: JSONWebKeySet;
}

/** The error answer a token request gets, as RFC 6749 section 5.2 has it. */
class TokenError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(code: string, description: string, status = 400) {
    super(description);
    this.code = code;
    this.status = status;
  }
}

const ID_TOKEN_SECONDS = 300;
const CODE_SECONDS = 60;

/**
 * Starts the provider on a free port with one client (`clientId`, `clientSecret`) that may use
 * any redirect URI: the relying party's own checks are under test here, not registration.
 */
export async function startFakeProvider(options: { host?: string } = {}): Promise<FakeProvider> {
  const clientId = `fake-client-${randomUUID()}`;
  const clientSecret = randomBytes(32).toString("base64url");
  const keys = await makeKeys();
  const grants = new Map<string, Grant>();
  const usedCodes = new Set<string>();
  const accessTokens = new Map<string, FakeAccount>();
  const counts = { total: 0, refused: 0 };
  let account: FakeAccount = { subject: "fake-subject" };
  let spoiler: IdTokenSpoiler = {};

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      json(response, 500, { error: "server_error", error_description: String(error) });
    });
  });
  const issuer = await listenOnFreePort(server, options.host ?? "127.0.0.1");

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", issuer);
    switch (`${request.method ?? "GET"} ${url.pathname}`) {
      case "GET /.well-known/openid-configuration":
        json(response, 200, discoveryDocument(issuer));
        return;
      case "GET /jwks":
        json(response, 200, keys.published);
        return;
      case "GET /authorize":
        authorizeEndpoint(url, response);
        return;
      case "POST /token":
        await tokenEndpoint(request, response);
        return;
      case "GET /userinfo":
        userinfoEndpoint(request, response);
        return;
      default:
        json(response, 404, { error: "not_found" });
    }
  }

  function authorizeEndpoint(url: URL, response: ServerResponse) {
    const query = url.searchParams;
    const redirectUri = query.get("redirect_uri");
    // Without the right client and a redirect URI there is nowhere trustworthy to send an
    // error to: it is shown here, as a provider does.
    if (query.get("client_id") !== clientId || !redirectUri || !URL.canParse(redirectUri)) {
      json(response, 400, { error: "invalid_request", error_description: "client or redirect" });
      return;
    }
    const back = new URL(redirectUri);
    const state = query.get("state");
    if (state !== null) back.searchParams.set("state", state);
    const refusal = authorizationRefusal(query);
    if (refusal) {
      back.searchParams.set("error", refusal.error);
      back.searchParams.set("error_description", refusal.description);
    } else {
      const code = randomBytes(32).toString("base64url");
      grants.set(code, {
        redirectUri,
        codeChallenge: query.get("code_challenge") ?? "",
        nonce: query.get("nonce") ?? undefined,
        scope: query.get("scope") ?? "",
        account: { ...account },
        expiresAt: Date.now() + CODE_SECONDS * 1000,
      });
      back.searchParams.set("code", code);
    }
    response.writeHead(302, { location: back.href, "cache-control": "no-store" }).end();
  }

  async function tokenEndpoint(request: IncomingMessage, response: ServerResponse) {
    counts.total++;
    try {
      const form = new URLSearchParams(await readBody(request));
      authenticateClient(request.headers.authorization, form);
      const grant = redeem(form);
      const accessToken = randomBytes(32).toString("base64url");
      accessTokens.set(accessToken, grant.account);
      json(response, 200, {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: 3600,
        scope: grant.scope,
        id_token: await idToken(grant),
      });
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      counts.refused++;
      json(response, error.status, { error: error.code, error_description: error.message });
    }
  }

  /** client_secret_basic or client_secret_post, exactly one of them. */
  function authenticateClient(authorization: string | undefined, form: URLSearchParams) {
    const basic = authorization?.startsWith("Basic ") ? basicCredentials(authorization) : null;
    const post = form.has("client_secret")
      ? { id: form.get("client_id"), secret: form.get("client_secret") }
      : null;
    const presented = basic ?? post;
    if (!presented || (basic && post)) {
      throw new TokenError("invalid_client", "one client authentication method expected", 401);
    }
    if (presented.id !== clientId || !sameText(presented.secret ?? "", clientSecret)) {
      throw new TokenError("invalid_client", "client authentication failed", 401);
    }
  }

  /** The grant for the form's code, checked and used up: a code is good for one request. */
  function redeem(form: URLSearchParams): Grant {
    if (form.get("grant_type") !== "authorization_code") {
      throw new TokenError("unsupported_grant_type", "only authorization_code");
    }
    const code = form.get("code") ?? "";
    const grant = grants.get(code);
    grants.delete(code);
    if (!grant) {
      const reused = usedCodes.has(code);
      throw new TokenError("invalid_grant", reused ? "code already used" : "unknown code");
    }
    usedCodes.add(code);
    if (grant.expiresAt < Date.now()) throw new TokenError("invalid_grant", "code expired");
    if (form.get("redirect_uri") !== grant.redirectUri) {
      throw new TokenError("invalid_grant", "redirect_uri does not match");
    }
    const verifier = form.get("code_verifier");
    if (!verifier) throw new TokenError("invalid_grant", "code_verifier missing");
    if (!sameText(sha256(verifier), grant.codeChallenge)) {
      throw new TokenError("invalid_grant", "code_verifier does not match code_challenge");
    }
    return grant;
  }

  function idToken(grant: Grant): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const nonce = spoiler.nonce === undefined ? grant.nonce : spoiler.nonce;
    const claims: JWTPayload = {
      ...accountClaims(grant.account),
      iss: spoiler.issuer ?? issuer,
      aud: spoiler.audience ?? clientId,
      iat: now,
      exp: now + (spoiler.expiresInSeconds ?? ID_TOKEN_SECONDS),
      ...(nonce === null || nonce === undefined ? {} : { nonce }),
    };
    if (spoiler.alg === "none") return Promise.resolve(new UnsecuredJWT(claims).encode());
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid: keys.kid, typ: "JWT" })
      .sign(spoiler.signWithForeignKey ? keys.foreign : keys.signing);
  }

  function userinfoEndpoint(request: IncomingMessage, response: ServerResponse) {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    const owner = token === undefined ? undefined : accessTokens.get(token);
    if (!owner) {
      response.setHeader("www-authenticate", 'Bearer error="invalid_token"');
      json(response, 401, { error: "invalid_token" });
      return;
    }
    json(response, 200, accountClaims(owner));
  }

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (next) => (account = { ...next }),
    spoil: (next) => (spoiler = { ...next }),
    authorize: async (authorizationUrl) => {
      const response = await fetch(authorizationUrl, { redirect: "manual" });
      const location = response.headers.get("location");
      if (response.status !== 302 || !location) {
        throw new Error(`authorization answered ${response.status}: ${await response.text()}`);
      }
      return new URL(location);
    },
    tokenRequests: () => ({ ...counts }),
    stop: () => closeServer(server),
  };
}

/** Why the authorization request is refused, if it is: the relying party hears it at its callback. */
function authorizationRefusal(
  query: URLSearchParams,
): { error: string; description: string } | null {
  if (query.get("response_type") !== "code") {
    return { error: "unsupported_response_type", description: "only code" };
  }
  if (!(query.get("scope") ?? "").split(" ").includes("openid")) {
    return { error: "invalid_scope", description: "openid scope expected" };
  }
  if (query.get("code_challenge_method") !== "S256" || !query.get("code_challenge")) {
    return { error: "invalid_request", description: "PKCE with S256 required" };
  }
  return null;
}

function discoveryDocument(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    userinfo_endpoint: `${issuer}/userinfo`,
    scopes_supported: ["openid", "email", "profile"],
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["ES256"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    claims_supported: ["sub", "email", "email_verified", "name", "preferred_username"],
  };
}

function accountClaims(account: FakeAccount): JWTPayload {
  const claims = {
    sub: account.subject,
    email: account.email,
    email_verified: account.emailVerified,
    preferred_username: account.preferredUsername,
    name: account.name,
  };
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

/** The published signing key, and a foreign one of the same kind to forge with. */
async function makeKeys(): Promise<Keys> {
  const kid = randomUUID();
  const signing = await generateKeyPair("ES256");
  const foreign = await generateKeyPair("ES256");
  const publicJwk = await exportJWK(signing.publicKey);
  return {
    kid,
    signing: signing.privateKey,
    foreign: foreign.privateKey,
    published: { keys: [{ ...publicJwk, kid, alg: "ES256", use: "sig" }] },
  };
}

/** Client id and secret from a Basic header, form-decoded as RFC 6749 section 2.3.1 has them. */
function basicCredentials(header: string): { id: string; secret: string } | null {
  const decoded = Buffer.from(header.slice("Basic ".length), "base64").toString();
  const separator = decoded.indexOf(":");
  if (separator === -1) return null;
  const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, " "));
  try {
    return {
      id: formDecode(decoded.slice(0, separator)),
      secret: formDecode(decoded.slice(separator + 1)),
    };
  } catch {
    return null;
  }
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("base64url");

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

function json(response: ServerResponse, status: number, body: object) {
  response
    .writeHead(status, { "content-type": "application/json", "cache-control": "no-store" })
    .end(JSON.stringify(body));
}
