import type { ProviderId } from "./provider-ids.ts";

/** A provider turned on by its settings. */
export interface ProviderSettings {
  id: ProviderId;
  /** The name on its button: "GitHub", "Google", or OIDC_NAME. */
  label: string;
  clientId: string;
  clientSecret: string;
  /** Where discovery starts (`/.well-known/openid-configuration`); null for GitHub (no OpenID). */
  issuer: string | null;
}

const GOOGLE_ISSUER = "https://accounts.google.com";
const GITHUB_ORIGIN = "https://github.com";

/**
 * Where a provider's sign-in page is: GitHub's, or the issuer's origin. An OpenID provider
 * whose authorization endpoint is on another origin than its issuer is not supported: the
 * apps' form-action would refuse the redirect to it.
 */
export function authorizationOrigin(provider: ProviderSettings): string {
  return provider.issuer === null ? GITHUB_ORIGIN : new URL(provider.issuer).origin;
}

/**
 * The providers the environment turns on, in the order their buttons appear. A provider is
 * on when both its client id and secret are set; one without the other is a mistake, and
 * named. Problems go into `problems`, as every other setting's do.
 */
export function parseProviderSettings(
  env: Readonly<Record<string, string | undefined>>,
  options: { allowInsecureHttp: boolean },
  problems: string[],
): ProviderSettings[] {
  const providers: ProviderSettings[] = [];
  const client = (prefix: string): { clientId: string; clientSecret: string } | null => {
    const clientId = env[`${prefix}_CLIENT_ID`]?.trim() ?? "";
    const clientSecret = env[`${prefix}_CLIENT_SECRET`]?.trim() ?? "";
    if (clientId === "" && clientSecret === "") return null;
    if (clientId === "" || clientSecret === "") {
      const missing = clientId === "" ? "CLIENT_ID" : "CLIENT_SECRET";
      problems.push(`${prefix}_${missing} is required when ${prefix}_* is set`);
      return null;
    }
    return { clientId, clientSecret };
  };

  const github = client("GITHUB");
  if (github) providers.push({ id: "github", label: "GitHub", issuer: null, ...github });
  const google = client("GOOGLE");
  if (google) providers.push({ id: "google", label: "Google", issuer: GOOGLE_ISSUER, ...google });

  const oidc = client("OIDC");
  const issuer = env.OIDC_ISSUER?.trim() ?? "";
  if (oidc && issuer === "") problems.push("OIDC_ISSUER is required when OIDC_CLIENT_ID is set");
  if (!oidc && issuer !== "") problems.push("OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required");
  if (oidc && issuer !== "") {
    const problem = issuerProblem(issuer, options.allowInsecureHttp);
    if (problem) problems.push(`OIDC_ISSUER ${problem}`);
    else {
      const name = env.OIDC_NAME?.trim() ?? "";
      const label = name === "" ? "OpenID Connect" : name;
      providers.push({ id: "oidc", label: label.slice(0, 40), issuer, ...oidc });
    }
  }
  return providers;
}

// An issuer is an https URL without query or fragment (OpenID Connect Discovery 1.0 §2);
// http only where the apps themselves run on http (local development and tests).
function issuerProblem(issuer: string, allowInsecureHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return "must be a URL such as https://accounts.example.com";
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    return "must not have a query, fragment or credentials";
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && allowInsecureHttp) return null;
  return allowInsecureHttp ? "must use http or https" : "must use https";
}
