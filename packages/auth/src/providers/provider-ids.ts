/** The sign-in providers the kit knows: two by name, and any OpenID Connect provider. */
export const PROVIDER_IDS = ["github", "google", "oidc"] as const;

export type ProviderId = (typeof PROVIDER_IDS)[number];

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === "string" && (PROVIDER_IDS as readonly string[]).includes(value);
}
