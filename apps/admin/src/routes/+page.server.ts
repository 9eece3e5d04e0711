import { acting } from "#lib/server/admin-console.ts";
import { pageNumber } from "#lib/server/page-number.ts";
import { refuse } from "#lib/server/refuse.ts";

import type { PageServerLoad } from "./$types";

// Usernames are at most 31 characters: a longer prefix matches no one.
const MAX_QUERY_LENGTH = 64;

/** The user directory: usernames starting with `?q=`, a page (`?page=`) at a time. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const { adminConsole } = acting(locals);
  const query = (url.searchParams.get("q") ?? "").trim();
  const page = pageNumber(url.searchParams.get("page"));
  if (page === null) refuse(400, "The page number is not one.");
  if (query.length > MAX_QUERY_LENGTH) refuse(400, "Usernames are at most 31 characters.");
  const { users, hasMore } = await adminConsole.listUsers({ prefix: query, page: page - 1 });
  return { query, page, users, hasMore };
};
