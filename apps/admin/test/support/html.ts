// Reading the console's pages as a person would: the rows of its tables and the text of an
// element, without markup. Its pages are rendered by Svelte, whose markup is regular enough.
import { decodeEntities } from "@monorepo-auth/testing/html";

/** Text without tags, comments or runs of white space. */
export function textOf(html: string): string {
  return decodeEntities(html.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]+>/g, " "))
    .replace(/\s+/g, " ")
    .replace(/ ([,.;:])/g, "$1")
    .trim();
}

/** The body rows of the page's first table (or of the table after `after`), as cell texts. */
export function tableRows(html: string, after = ""): string[][] {
  const from = after ? html.indexOf(after) : 0;
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html.slice(Math.max(0, from)))?.[1] ?? "";
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row = ""]) =>
    [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(([, cell = ""]) => textOf(cell)),
  );
}

/** The column headings of the page's first table. */
export function tableHeadings(html: string): string[] {
  const head = /<thead>([\s\S]*?)<\/thead>/.exec(html)?.[1] ?? "";
  return [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map(([, cell = ""]) => textOf(cell));
}

/**
 * Every link's target on the page at `pageUrl`, as a path and query: SvelteKit writes them
 * relative to the page (`./users/…`).
 */
export function linkTargets(html: string, pageUrl: string): string[] {
  return [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map(([, href = ""]) => {
    const url = new URL(decodeEntities(href), pageUrl);
    return `${url.pathname}${url.search}`;
  });
}

/** The text of the summary every form page announces (`role="alert"`), or "" when empty. */
export function alertText(html: string): string {
  return textOf(/<div class="alert" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "");
}
