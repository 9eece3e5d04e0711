// What a log may say about a connection string: its hosts, never its user or password.

// The driver's own reading of a connection string (mongodb-connection-string-url): the
// user stops at `:` or `@`, the password at `@`, the hosts at `/`, `?` or `@`.
const CONNECTION_STRING = /^[^/]+:\/\/(?:([^:@]*)(?::([^@]*))?@)?((?!:)[^/?@]*)/;

// Any `scheme://user:password@` written into a message, whichever URI it came from.
const USERINFO_IN_URI = /\b([a-z][a-z\d+.-]*:\/\/)[^\s@/]*(?::[^\s@]*)?@/gi;

/** The hosts a MongoDB URI names (`host:port` as written), without its credentials. */
export function uriHosts(uri: string): string[] {
  const hosts = CONNECTION_STRING.exec(uri)?.[3] ?? "";
  return hosts.split(",").filter((host) => host !== "");
}

/**
 * `text` with the user and password of `uri` replaced by `***` wherever they appear, as
 * written or percent-decoded, and with the user information of any URI in it removed.
 * For error messages: drivers and parsers sometimes quote what they were given.
 */
export function redactCredentials(text: string, uri: string): string {
  let redacted = text.replace(USERINFO_IN_URI, "$1***@");
  for (const secret of credentialsOf(uri)) redacted = redacted.replaceAll(secret, "***");
  return redacted;
}

/** The user and password of `uri`, as written and decoded, longest first. */
function credentialsOf(uri: string): string[] {
  const [, user = "", password = ""] = CONNECTION_STRING.exec(uri) ?? [];
  const values = [user, password].flatMap((value) => [value, decodeOrSelf(value)]);
  // Longest first, so that a user that is part of the password cannot leave a piece of it.
  return [...new Set(values)].filter((value) => value !== "").sort((a, b) => b.length - a.length);
}

function decodeOrSelf(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
