// A real OpenID Provider in the test process, for the "sign in with an OpenID Connect provider"
// tests: `oidc-provider`, the certified implementation, with one confidential client, accounts
// the test adds, and its own development login and consent pages. Tests drive those pages over
// HTTP with `authorize()`, or click through them in a browser. The provider's checks (PKCE,
// single-use codes, client authentication, redirect URIs) are the real thing, so a relying
// party that gets through here speaks OpenID Connect as providers in the field expect.

// oidc-provider ships no types. The reference brings ours along into every program that
// imports this file, the other workspaces' tests too, which an `include` alone would not.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- see above
/// <reference path="./oidc-provider-types.d.ts" />
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";

import { exportJWK, generateKeyPair } from "jose";
import type { Account, Configuration } from "oidc-provider";

import { closeServer, listenOnFreePort } from "./local-server.ts";

export interface TestAccount {
  subject: string;
  email?: string;
  emailVerified?: boolean;
  preferredUsername?: string;
  name?: string;
}

export interface TestOidcProvider {
  /** Where the provider answers, e.g. http://127.0.0.1:41234, without a trailing slash. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds (or replaces) an account people can log in as at the provider's login page. */
  addAccount(account: TestAccount): void;
  /**
   * Drives the provider's own login and consent pages over HTTP (no browser), as the account
   * `subject`, starting from the authorization URL the relying party redirected to; returns the
   * URL the provider finally redirects to (the relying party's callback with `code` and `state`,
   * or with `error`). Keeps its own cookie jar per call, so every call signs in afresh.
   */
  authorize(authorizationUrl: string, subject: string): Promise<URL>;
  stop(): Promise<void>;
}

export interface OidcProviderOptions {
  /** The relying party's callback URLs: the provider redirects nowhere else. */
  redirectUris: string[];
  /** Host to listen on and to name in the issuer; 127.0.0.1 unless given. */
  host?: string;
  /**
   * Whether the ID token leaves out the profile and email claims when an access token comes
   * with it, as the specification prefers (the relying party then reads them at the userinfo
   * endpoint). Off by default: the ID token carries them, as most providers' do.
   */
  conformIdTokenClaims?: boolean;
}

/**
 * Starts the provider on a free port. Its development pages, the ones a browser test clicks:
 * - login (heading "Sign-in"): a text field `login` (placeholder "Enter any login") for the
 *   account's subject, a password field `password` ("and password"; any password is accepted),
 *   and the button "Sign-in";
 * - consent (heading "Authorize"): the scopes and claims asked for, and the button "Continue";
 * - both have a "[ Cancel ]" link, which sends the relying party `error=access_denied`.
 * The login page takes any login, but one that is no account added with `addAccount` ends on
 * the provider's error page ("oops! something went wrong", server_error): oidc-provider fails
 * when it finds no account after login. `authorize()` refuses such a subject up front.
 */
export async function startOidcProvider(options: OidcProviderOptions): Promise<TestOidcProvider> {
  const host = options.host ?? "127.0.0.1";
  const accounts = new Map<string, TestAccount>();
  const clientId = `test-client-${randomUUID()}`;
  const clientSecret = randomBytes(32).toString("base64url");

  // The issuer names the port, and the provider needs its issuer from the start: listen first.
  const server = createServer();
  const issuer = await listenOnFreePort(server, host);
  try {
    const provider = await createProvider(issuer, {
      ...options,
      clientId,
      clientSecret,
      findAccount: (subject) => accounts.get(subject),
    });
    server.on("request", provider.callback());
  } catch (error) {
    await closeServer(server);
    throw error;
  }

  return {
    issuer,
    clientId,
    clientSecret,
    addAccount: (account) => accounts.set(account.subject, { ...account }),
    authorize: (authorizationUrl, subject) => {
      if (!accounts.has(subject)) {
        return Promise.reject(new Error(`no account ${subject}: add it with addAccount first`));
      }
      return signInThroughPages(new URL(authorizationUrl), subject, options.redirectUris);
    },
    stop: () => closeServer(server),
  };
}

async function createProvider(
  issuer: string,
  options: OidcProviderOptions & {
    clientId: string;
    clientSecret: string;
    findAccount: (subject: string) => TestAccount | undefined;
  },
) {
  const { clientId, clientSecret } = options;
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        // The token endpoint accepts client_secret_basic as well for such a client.
        token_endpoint_auth_method: "client_secret_post",
        id_token_signed_response_alg: "ES256",
      },
    ],
    // By default only public clients must use PKCE; the relying party under test always does,
    // and a provider that insists is how a test learns it really does (S256 is the only method).
    pkce: { required: () => true },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "preferred_username"],
    },
    conformIdTokenClaims: options.conformIdTokenClaims ?? false,
    findAccount: (_context, subject) => Promise.resolve(accountFor(options.findAccount(subject))),
    // Fresh per start: nothing signed by an earlier provider is accepted by this one.
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    jwks: { keys: [await signingKey()] },
    // The provider's built-in login and consent pages, meant for development and tests only.
    features: { devInteractions: { enabled: true } },
    // Given, not left to the defaults, which log a notice the first time each is used.
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 3600,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    renderError,
  };
  return withoutProviderNotices(
    async () => new (await import("oidc-provider")).default(issuer, configuration),
  );
}

function accountFor(account: TestAccount | undefined): Account | undefined {
  if (!account) return undefined;
  const claims = definedOnly({
    sub: account.subject,
    email: account.email,
    email_verified: account.emailVerified,
    name: account.name,
    preferred_username: account.preferredUsername,
  });
  return { accountId: account.subject, claims: () => Promise.resolve(claims) };
}

// Claims the account does not have are left out, not sent as null.
function definedOnly(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

/**
 * The provider's error page (bad client, unknown redirect URI, expired interaction): the error
 * and its description, plainly, with no web font to fetch, which an offline browser would wait
 * for. Given so that the default one does not log a notice the first time it is shown.
 */
function renderError(
  context: { type: string; body: unknown },
  out: Record<string, string>,
): Promise<void> {
  const lines = Object.entries(out).map(
    ([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</p>`,
  );
  context.type = "html";
  context.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Error</title></head><body><h1>oops! something went wrong</h1>${lines.join("")}</body></html>`;
  return Promise.resolve();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** A private P-256 key for ES256 ID tokens; the provider publishes its public half. */
async function signingKey() {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: "ES256", use: "sig" };
}

/**
 * Creates the provider with its start-up notices ("oidc-provider WARNING: … development-only …",
 * about the in-memory store and the development pages) kept off the console: here they are
 * the point, not a mistake. Anything else written meanwhile still gets through.
 */
async function withoutProviderNotices<T>(create: () => Promise<T>): Promise<T> {
  const saved = {
    warn: Object.getOwnPropertyDescriptor(console, "warn"),
    info: Object.getOwnPropertyDescriptor(console, "info"),
  };
  const write = {
    warn: console.warn.bind(console),
    info: console.info.bind(console),
  };
  const isNotice = (args: unknown[]) =>
    typeof args[0] === "string" && args[0].includes("oidc-provider ");
  console.warn = (...args: unknown[]) => {
    if (!isNotice(args)) write.warn(...args);
  };
  console.info = (...args: unknown[]) => {
    if (!isNotice(args)) write.info(...args);
  };
  try {
    return await create();
  } finally {
    if (saved.warn) Object.defineProperty(console, "warn", saved.warn);
    if (saved.info) Object.defineProperty(console, "info", saved.info);
  }
}

/** The longest sign-in there is: authorization, login, resume, consent, resume, callback. */
const MAX_STEPS = 12;

/**
 * Plays the browser: follows the provider's redirects, fills in the login form as `subject`,
 * submits the consent form, until the provider redirects to one of `redirectUris`.
 */
async function signInThroughPages(start: URL, subject: string, redirectUris: string[]) {
  const jar = cookieJar(start.origin);
  let next: { url: URL; form?: Record<string, string> } = { url: start };
  for (let step = 0; step < MAX_STEPS; step++) {
    const response = await fetch(next.url, {
      redirect: "manual",
      headers: { accept: "text/html", ...jar.header(next.url) },
      ...(next.form && {
        method: "POST",
        body: new URLSearchParams(next.form),
      }),
    });
    jar.store(next.url, response.headers.getSetCookie());
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const url = new URL(location, next.url);
      if (isRedirectUri(url, redirectUris)) return url;
      if (url.origin !== start.origin) throw new Error(`redirected away to ${url.href}`);
      next = { url };
      continue;
    }
    const page = await response.text();
    const form = response.ok ? formIn(page, next.url) : null;
    if (!form) {
      throw new Error(
        `the provider answered ${response.status} at ${next.url.pathname}: ${page.slice(0, 500)}`,
      );
    }
    const credentials: Record<string, string> =
      "login" in form.fields ? { login: subject, password: "any" } : {};
    next = { url: form.action, form: { ...form.fields, ...credentials } };
  }
  throw new Error(`no redirect to the relying party after ${MAX_STEPS} steps`);
}

function isRedirectUri(url: URL, redirectUris: string[]): boolean {
  return redirectUris.some((uri) => {
    const redirect = new URL(uri);
    return redirect.origin === url.origin && redirect.pathname === url.pathname;
  });
}

/**
 * The first form of a development page: its action, and its inputs by name with their values
 * (hidden ones as given, the login page's text and password fields empty). A regular
 * expression is enough for these pages, which the provider renders from fixed templates.
 */
function formIn(page: string, base: URL): { action: URL; fields: Record<string, string> } | null {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(page);
  if (!form) return null;
  const action = attribute(form[0], "action");
  const fields: Record<string, string> = {};
  for (const [input] of (form[1] ?? "").matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input, "name");
    if (name !== null) fields[name] = attribute(input, "value") ?? "";
  }
  return { action: new URL(action ?? base.href, base), fields };
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag);
  return match?.[1] === undefined ? null : decodeEntities(match[1]);
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (entity, name: string) => named[name] ?? entity);
}

/**
 * Cookies as a browser keeps them for one site: by name and path, sent to the paths under
 * theirs, forgotten when expired. oidc-provider scopes its interaction cookies to
 * `/interaction/:uid` and `/auth/:uid`, so paths matter. They are not `Secure` over http.
 */
function cookieJar(origin: string) {
  const cookies = new Map<string, { name: string; value: string; path: string }>();
  return {
    store(url: URL, setCookies: string[]) {
      if (url.origin !== origin) return;
      for (const line of setCookies) {
        const [pair = "", ...attributes] = line.split(";");
        const separator = pair.indexOf("=");
        if (separator === -1) continue;
        const name = pair.slice(0, separator).trim();
        const value = pair.slice(separator + 1).trim();
        const options = new Map(
          attributes.map((attribute): [string, string] => {
            const [key = "", ...rest] = attribute.trim().split("=");
            return [key.toLowerCase(), rest.join("=")];
          }),
        );
        const path = options.get("path") ?? "/";
        const expires = options.get("expires");
        const expired =
          Number(options.get("max-age") ?? 1) <= 0 ||
          (expires !== undefined && Date.parse(expires) <= Date.now());
        if (expired) cookies.delete(`${name};${path}`);
        else cookies.set(`${name};${path}`, { name, value, path });
      }
    },
    /** The Cookie header for a request to `url`, if any cookie goes there. */
    header(url: URL): { cookie?: string } {
      const sent = [...cookies.values()].filter(
        ({ path }) => url.origin === origin && onPath(url.pathname, path),
      );
      return sent.length
        ? { cookie: sent.map(({ name, value }) => `${name}=${value}`).join("; ") }
        : {};
    },
  };
}

function onPath(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  const prefix = cookiePath.endsWith("/") ? cookiePath : `${cookiePath}/`;
  return requestPath.startsWith(prefix);
}
