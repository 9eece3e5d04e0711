import { z } from "zod";

import { canonicalEmail } from "../mail/email-address.ts";

/** Who a provider says the person is, in the kit's terms. */
export interface ProviderProfile {
  /** The provider's stable id for the person: what an identity is keyed by. */
  subject: string;
  /** What the person recognises the account by on the account page. */
  label: string;
  /** A canonical address, or null; trusted only when `emailVerified`. */
  email: string | null;
  emailVerified: boolean;
  /** Where a username for a new account starts: a login name, a name, an address's local part. */
  nameHint: string | null;
}

const MAX_TEXT = 200;
const text = z.string().trim().max(MAX_TEXT);
// Some providers send booleans as strings ("true"); only true or "true" counts as verified.
const verifiedFlag = z
  .union([z.boolean(), z.string()])
  .transform((value) => value === true || value === "true");

const openIdClaims = z.object({
  sub: z.string().min(1).max(255),
  email: text.optional(),
  email_verified: verifiedFlag.optional(),
  preferred_username: text.optional(),
  nickname: text.optional(),
  name: text.optional(),
});

/**
 * An OpenID Connect provider's claims (the verified ID token's, with the UserInfo answer's
 * where the token carries few): Google and any provider found by discovery.
 */
export function openIdProfile(claims: unknown): ProviderProfile | null {
  const parsed = openIdClaims.safeParse(claims);
  if (!parsed.success) return null;
  const { sub, email, email_verified, preferred_username, nickname, name } = parsed.data;
  const address = email === undefined ? null : (canonicalEmail(email)?.address ?? null);
  return {
    subject: sub,
    label: address ?? preferred_username ?? name ?? sub,
    email: address,
    emailVerified: address !== null && email_verified === true,
    nameHint: [preferred_username, nickname, name, address?.split("@")[0]].find(Boolean) ?? null,
  };
}

const githubUser = z.object({
  id: z.number().int().positive(),
  login: text.min(1),
  name: text.nullish(),
});
const githubEmails = z.array(
  z.object({ email: text, primary: z.boolean(), verified: z.boolean() }),
);

/**
 * GitHub's answers to `GET /user` and `GET /user/emails`: the numeric id is the subject (a
 * login can be renamed and taken by someone else), and the address is the primary one, and
 * only if GitHub verified it.
 */
export function githubProfile(user: unknown, emails: unknown): ProviderProfile | null {
  const parsedUser = githubUser.safeParse(user);
  if (!parsedUser.success) return null;
  const parsedEmails = githubEmails.safeParse(emails);
  const primary = parsedEmails.success
    ? parsedEmails.data.find((entry) => entry.primary && entry.verified)
    : undefined;
  const address = primary ? (canonicalEmail(primary.email)?.address ?? null) : null;
  const { id, login } = parsedUser.data;
  return {
    subject: String(id),
    label: login,
    email: address,
    emailVerified: address !== null,
    nameHint: login,
  };
}
