import { getDomain, getPublicSuffix } from "tldts";

/**
 * Checks the cookie domain that lets both apps share one session cookie. Refuses a
 * public suffix (`vercel.app`, `co.uk`, …): browsers drop such cookies, or worse, share
 * them with every other site under that suffix. Refuses a domain that does not cover
 * both app hosts, which would sign users in on one app only and bounce them forever.
 * @returns an error message, or null when the domain is fine.
 */
export function checkCookieDomain(domain: string, appHosts: readonly string[]): string | null {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(domain)) {
    return "must be a lower-case host name such as example.com, without a leading dot or port";
  }
  const options = { allowPrivateDomains: true };
  if (getPublicSuffix(domain, options) === domain || getDomain(domain, options) === null) {
    return `is a public suffix; browsers will not share a cookie across ${domain}`;
  }
  for (const host of appHosts) {
    if (host !== domain && !host.endsWith(`.${domain}`)) {
      return `does not cover ${host}; both apps must be ${domain} or one of its subdomains`;
    }
  }
  return null;
}
