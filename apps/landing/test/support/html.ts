// Just enough HTML reading for landing's tests: the pages are the app's own, rendered by
// Astro, so a few patterns suffice (attribute values are always double-quoted, and `"`
// inside them is escaped).
import { decodeEntities, tagAttributes } from "@monorepo-auth/testing/html";
import { expect } from "vitest";

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
