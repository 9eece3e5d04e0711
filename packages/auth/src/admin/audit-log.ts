import { insertAuditEntry, type AuditParty } from "@monorepo-auth/db/audit";

import type { AuthContext } from "../auth-context.ts";

/** Audit entries are kept this long, then removed by the TTL index (or the purge timer). */
export const AUDIT_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** What administrators do, as the audit log names it. */
export type AdminAction =
  "lock" | "unlock" | "end_session" | "end_all_sessions" | "grant_admin" | "revoke_admin";

export interface AuditRecord {
  /** The administrator, or null for the command line. */
  actor: AuditParty | null;
  action: AdminAction;
  target: AuditParty;
  ip: string | null;
  detail?: string | null;
}

/** Writes an entry to the audit log (MongoDB, kept 90 days) and emits it as an event. */
export async function recordAudit(context: AuthContext, record: AuditRecord): Promise<void> {
  const at = context.clock();
  await insertAuditEntry(
    context.database,
    { at, ...record, detail: record.detail ?? null },
    new Date(at.getTime() + AUDIT_RETENTION_MS),
  );
  context.emit({
    type: "admin_action",
    username: record.actor?.username ?? null,
    ...(record.actor ? { userId: record.actor.id } : {}),
    ip: record.ip,
    reason: record.action,
  });
}
