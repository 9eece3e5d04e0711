// Longer targets are not links anyone follows; refusing them keeps the parsing cheap.
const MAX_TARGET_LENGTH = 2_048;

/**
 * Where to send the browser next: `target` if, parsed as a URL against `base`, it lands on
 * one of `allowedOrigins`; `fallback` otherwise. Parsing with the WHATWG URL parser, as the
 * browser will, catches `//evil.com`, `/\evil.com`, `https:evil.com` and their kin.
 * @returns an absolute URL, safe for a `Location` header.
 */
export function safeRedirect(
  target: unknown,
  options: { base: string; allowedOrigins: readonly string[]; fallback: string },
): string {
  if (typeof target !== "string" || target === "" || target.length > MAX_TARGET_LENGTH) {
    return options.fallback;
  }
  if (hasControlCharacter(target)) return options.fallback;
  let url: URL;
  try {
    url = new URL(target, options.base);
  } catch {
    return options.fallback;
  }
  if (url.username || url.password) return options.fallback;
  return options.allowedOrigins.includes(url.origin) ? url.href : options.fallback;
}

// CR, LF, tab and every other control character: never part of a redirect. (The URL parser
// would silently drop some of them, turning "/\t/evil.com" into "//evil.com".)
function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
