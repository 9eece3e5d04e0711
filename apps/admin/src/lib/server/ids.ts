// Ids from addresses and forms reach the core only as strings of the shape it issues: user
// and session ids are base64url (22 characters; the command line's tests use shorter ones).
// Anything else is answered at once, without a query.
const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;
// Audit entries are named by MongoDB ObjectIds.
const AUDIT_ENTRY_ID = /^[0-9a-f]{24}$/;

/** Whether `value` can be a user's or a session's id. */
export function isRecordId(value: unknown): value is string {
  return typeof value === "string" && RECORD_ID.test(value);
}

/** Whether `value` can be an audit entry's id. */
export function isAuditEntryId(value: unknown): value is string {
  return typeof value === "string" && AUDIT_ENTRY_ID.test(value);
}
