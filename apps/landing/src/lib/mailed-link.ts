/**
 * The token of a mailed link, from what the form sent: the fragment that the page's script
 * moved into the form, or the whole link pasted by someone whose browser ran no script
 * (decision 0021). Anything else is passed on as it is, for the core to refuse.
 */
export function tokenFromLink(value: string): string {
  const trimmed = value.trim();
  const hash = trimmed.lastIndexOf("#");
  return hash === -1 ? trimmed : trimmed.slice(hash + 1);
}

/**
 * Landing's pages that mailed links open. The answers of their forms render the same pages,
 * whose `<meta name="referrer">` says the same as the header.
 */
export const MAILED_LINK_PATHS: ReadonlySet<string> = new Set(["/verify-email", "/reset-password"]);
