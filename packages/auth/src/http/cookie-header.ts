/**
 * Every value the `Cookie` header gives the cookie `name`, in the order sent and exactly as
 * sent: never URL-decoded, never unquoted, so a value is accepted only in the form it was
 * issued. A browser sends one pair per cookie it holds; two values mean two cookies of one
 * name (another Path or Domain — perhaps planted by a sibling subdomain), and the caller
 * must not pick one of them. Pairs are split on `;` and also on `,`, which joins repeated
 * headers and never appears in a value this kit issues.
 */
export function readCookieValues(cookieHeader: string | null, name: string): string[] {
  if (!cookieHeader) return [];
  const values: string[] = [];
  for (const pair of cookieHeader.split(/[;,]/)) {
    const separator = pair.indexOf("=");
    if (separator === -1) continue;
    if (pair.slice(0, separator).trim() === name) values.push(pair.slice(separator + 1).trim());
  }
  return values;
}

/** The attributes a `Set-Cookie` line of this kit can carry. */
export interface CookieAttributes {
  maxAge: number;
  path: string;
  sameSite: "lax" | "strict";
  secure: boolean;
  domain?: string;
}

/** One `Set-Cookie` value; always HttpOnly: no script of any app ever reads these cookies. */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  const parts = [
    `${name}=${value}`,
    `Max-Age=${String(attributes.maxAge)}`,
    `Path=${attributes.path}`,
    "HttpOnly",
    attributes.sameSite === "lax" ? "SameSite=Lax" : "SameSite=Strict",
  ];
  if (attributes.secure) parts.push("Secure");
  if (attributes.domain) parts.push(`Domain=${attributes.domain}`);
  return parts.join("; ");
}
