import { AUDIT_ENTRIES_PER_PAGE } from "@monorepo-auth/auth/admin/admin-console";

import { acting } from "#lib/server/admin-console.ts";
import { isAuditEntryId } from "#lib/server/ids.ts";
import { refuse } from "#lib/server/refuse.ts";

import type { PageServerLoad } from "./$types";

/** The audit log, newest first; `?before=<id>` pages on to older entries. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const { adminConsole } = acting(locals);
  const before = url.searchParams.get("before");
  if (before !== null && !isAuditEntryId(before)) refuse(400, "This is not a page of the log.");
  const entries = await adminConsole.auditLog(before);
  return {
    entries,
    paged: before !== null,
    // A full page may be followed by more; the next page says so if it is empty.
    older: entries.length === AUDIT_ENTRIES_PER_PAGE ? (entries.at(-1)?.id ?? null) : null,
  };
};
