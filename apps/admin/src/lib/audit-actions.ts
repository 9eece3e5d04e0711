// What each action of the audit log did, in words. The log stores short fixed names
// (`lock`, `grant_admin`); one it does not know yet is shown as stored.
const WORDS: Readonly<Record<string, string>> = {
  lock: "Locked the account",
  unlock: "Unlocked the account",
  end_session: "Ended a session",
  end_all_sessions: "Ended every session",
  grant_admin: "Made administrator",
  revoke_admin: "Removed as administrator",
};

export function describeAuditAction(action: string): string {
  return WORDS[action] ?? action;
}
