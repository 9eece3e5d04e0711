// What a user's page says after an action succeeded (it comes back with `?done=<action>`,
// so that reloading it sends nothing again). The names are the audit log's.
const DONE = {
  lock: "The account is locked, and every session of it has ended.",
  unlock: "The account is unlocked: its owner can sign in again.",
  end_session: "The session has ended.",
  end_all_sessions: "Every session of this user has ended.",
  grant_admin: "This user is now an administrator.",
  revoke_admin: "This user is no longer an administrator.",
} as const;

export type Done = keyof typeof DONE;

/** Whether a `?done=` value names an action: any other value is shown as nothing. */
export function isDone(value: string | null): value is Done {
  return value !== null && Object.hasOwn(DONE, value);
}

export function doneMessage(done: Done): string {
  return DONE[done];
}
