// Just enough HTML and log reading for the tests: the pages are the app's own, rendered by
// Astro, so a few patterns suffice (attribute values are always double-quoted, and `"`
// inside them is escaped).
import { expect } from "vitest";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the character references Astro writes (`&amp;`, `&#34;`, `&#x27;`…). */
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

/** Every start tag of an element (`input`, `label`…) in the page, with its attributes. */
export function elements(html: string, tagName: string): Record<string, string>[] {
  const pattern = new RegExp(`<${tagName}\\b(?:[^>"]|"[^"]*")*>`, "gi");
  return [...html.matchAll(pattern)].map((match) => tagAttributes(match[0]));
}

/** The `<input>` with this name, or undefined. */
export function input(html: string, name: string): Record<string, string> | undefined {
  return elements(html, "input").find((attributes) => attributes.name === name);
}

/** The text of every element with `role="alert"`, tags stripped, decoded, trimmed. */
export function alerts(html: string): string[] {
  const pattern = /<(\w+)\b[^>]*\brole="alert"[^>]*>([\s\S]*?)<\/\1>/g;
  return [...html.matchAll(pattern)].map(([, , inner = ""]) =>
    decodeEntities(inner.replace(/<[^>]*>/g, "")).trim(),
  );
}

/** The one non-empty alert message of a page, or "" when every alert is empty. */
export function alertMessage(html: string): string {
  return alerts(html).find((text) => text !== "") ?? "";
}

/** The text of the element with this id (tags stripped, decoded), or undefined. */
export function textById(html: string, id: string): string | undefined {
  const pattern = new RegExp(`<(\\w+)\\b[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`);
  const inner = pattern.exec(html)?.[2];
  return inner === undefined ? undefined : decodeEntities(inner.replace(/<[^>]*>/g, "")).trim();
}

/**
 * The markup of a page with every attribute value blanked: what the browser parses as
 * tags. Text the user sent can only become an element if it shows up here.
 */
export function markupOutsideAttributeValues(html: string): string {
  return html.replace(/<\w+\b(?:[^>"]|"[^"]*")*>/g, (tag) => tag.replace(/"[^"]*"/g, '""'));
}

/** Fails if a response body looks like it carries a stack trace or an internal error. */
export function expectNoStackTrace(body: string): void {
  expect(body).not.toMatch(/\n\s+at\s+\S+/);
  expect(body).not.toMatch(/\w+Error\b[:\]]/);
  expect(body).not.toMatch(/node_modules|file:\/\/|\.m?[jt]s:\d+/);
}

/** One auth event as the server writes it to standard output. */
export interface AuthLogEvent {
  event: "auth";
  time: string;
  type: string;
  username?: string | null;
  userId?: string;
  ip?: string | null;
  reason?: string;
}

/** The auth events among a server's log lines, in order. */
export function authEvents(logs: string): AuthLogEvent[] {
  const events: AuthLogEvent[] = [];
  for (const line of logs.split("\n")) {
    if (!line.startsWith("{")) continue;
    const parsed = JSON.parse(line) as Partial<AuthLogEvent>;
    if (parsed.event === "auth") events.push(parsed as AuthLogEvent);
  }
  return events;
}
