// Just enough HTML reading for pages the apps render themselves: attribute values are
// always double-quoted, and a `"` inside one is written as a character reference.

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the character references the apps write (`&amp;`, `&#34;`, `&#x27;`…). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) {
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    }
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The attributes of a start tag (`<input id="a" required>`), decoded; bare ones are "". */
export function tagAttributes(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const inner = tag.replace(/^<\w+/, "").replace(/\/?>$/, "");
  for (const match of inner.matchAll(/([^\s"'=<>/]+)(?:="([^"]*)")?/g)) {
    const [, name = "", value = ""] = match;
    attributes[name.toLowerCase()] = decodeEntities(value);
  }
  return attributes;
}
