import { domainToASCII } from "node:url";

/** An email address as stored, and the key that decides whether two are the same. */
export interface EmailAddress {
  /** Trimmed, the domain lowercased (and in ASCII), the local part as typed. */
  address: string;
  /** The address with the local part lowercased too: two addresses are one when their keys are. */
  key: string;
}

const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
// The dot-atom of RFC 5322, in ASCII: no quoted local parts, no comments, no IP literals.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * The address a person typed, made canonical, or null when it is not one the kit accepts:
 * a dot-atom local part (at most 64 characters) at a domain name with at least two labels,
 * internationalized domains converted to their ASCII form. Local parts are compared without
 * case, as nearly every mail provider treats them, but kept as typed for sending.
 */
export function canonicalEmail(input: unknown): EmailAddress | null {
  if (typeof input !== "string") return null;
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_ADDRESS) return null;
  const at = trimmed.lastIndexOf("@");
  const local = trimmed.slice(0, at);
  const rawDomain = trimmed.slice(at + 1);
  if (at <= 0 || local.length > MAX_LOCAL || !LOCAL.test(local)) return null;
  // domainToASCII lowercases, maps Unicode to punycode, and returns "" for an invalid name.
  const domain = domainToASCII(rawDomain);
  const labels = domain.split(".");
  if (domain === "" || labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return null;
  }
  if (/^[0-9]+$/.test(labels.at(-1) ?? "")) return null;
  const address = `${local}@${domain}`;
  if (address.length > MAX_ADDRESS) return null;
  return { address, key: `${local.toLowerCase()}@${domain}` };
}
