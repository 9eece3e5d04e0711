import { listAuditEntries, type AuditEntry } from "@monorepo-auth/db/audit";
import { deleteUserSession, deleteUserSessions } from "@monorepo-auth/db/sessions";
import {
  addRole,
  countUnlockedWithRole,
  removeRole,
  setLocked,
} from "@monorepo-auth/db/user-admin";
import { listUsers, sessionStats } from "@monorepo-auth/db/user-list";
import { findUserById, type UserRow } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import { listSessions, type Session, type SessionUser } from "../session/session.ts";
import { newSecurityStamp } from "../users/security-stamp.ts";
import { recordAudit, type AdminAction } from "./audit-log.ts";
import { ADMIN_ROLE, isActingAdmin } from "./roles.ts";
import { isSteppedUp } from "./step-up.ts";

/** Users shown per page of the directory. */
export const USERS_PER_PAGE = 20;
/** Audit entries shown per page. */
export const AUDIT_ENTRIES_PER_PAGE = 50;

/** A user as the admin console lists them. */
export interface AdminUserView {
  id: string;
  username: string;
  createdAt: Date;
  isAdmin: boolean;
  lockedAt: Date | null;
  sessionCount: number;
  lastSeenAt: Date | null;
}

export type AdminActionError = "step_up_required" | "not_found" | "cannot_lock_self" | "last_admin";
type ActionResult = AuthResult<object, AdminActionError>;

/**
 * What a signed-in administrator can do, bound to them: the role and the lock are read from
 * the database when the console is opened (never trusted from the session), every action
 * is written to the audit log, and the destructive ones (lock, ending sessions, role
 * changes) need the password confirmed within the step-up window.
 */
export async function openAdminConsole(
  context: AuthContext,
  acting: { user: SessionUser; session: Session; ip: string | null },
): Promise<AuthResult<{ console: ReturnType<typeof adminConsole> }, "forbidden">> {
  const row = await findUserById(context.database, acting.user.id);
  if (!row || !isActingAdmin(row)) {
    const { username, id } = acting.user;
    context.emit({ type: "admin_refused", username, userId: id, ip: acting.ip });
    return failure("forbidden");
  }
  return { ok: true, console: adminConsole(context, acting) };
}

function adminConsole(
  context: AuthContext,
  acting: { user: SessionUser; session: Session; ip: string | null },
) {
  const { database } = context;
  const steppedUp = isSteppedUp(acting.session, context.clock());

  /** Runs a destructive action on an existing user, after step-up, and audits it. */
  async function destructive(
    targetId: string,
    action: AdminAction,
    run: (target: UserRow) => Promise<ActionResult>,
  ): Promise<ActionResult> {
    if (!steppedUp) return failure("step_up_required");
    return onUser(targetId, action, run);
  }

  async function onUser(
    targetId: string,
    action: AdminAction,
    run: (target: UserRow) => Promise<ActionResult>,
  ): Promise<ActionResult> {
    const target = await findUserById(database, targetId);
    if (!target) return failure("not_found");
    const result = await run(target);
    if (result.ok) {
      await recordAudit(context, {
        actor: acting.user,
        action,
        target: { id: target.id, username: target.username },
        ip: acting.ip,
      });
    }
    return result;
  }

  return {
    admin: acting.user,
    /** Whether destructive actions are allowed now (password confirmed in the last 10 minutes). */
    steppedUp,

    /** Users whose username starts with `prefix`, in username order, a page at a time. */
    async listUsers(query: { prefix: string; page: number }) {
      const prefix = query.prefix.normalize("NFKC").toLowerCase();
      if (!/^[a-z0-9_-]{0,31}$/.test(prefix)) return { users: [], hasMore: false };
      const page = await listUsers(database, {
        prefix,
        offset: Math.max(0, query.page) * USERS_PER_PAGE,
        pageSize: USERS_PER_PAGE,
      });
      const stats = await sessionStats(
        database,
        page.users.map((user) => user.id),
      );
      const users = page.users.map((user): AdminUserView => ({
        ...view(user),
        sessionCount: stats.get(user.id)?.count ?? 0,
        lastSeenAt: stats.get(user.id)?.lastSeenAt ?? null,
      }));
      return { users, hasMore: page.hasMore };
    },

    /** One user and their live sessions, or null. */
    async user(userId: string): Promise<{ user: AdminUserView; sessions: Session[] } | null> {
      const row = await findUserById(database, userId);
      if (!row) return null;
      const sessions = await listSessions(database, row.id, context.lifetime, context.clock());
      const lastSeen = Math.max(...sessions.map((session) => session.lastVerifiedAt.getTime()));
      return {
        user: {
          ...view(row),
          sessionCount: sessions.length,
          lastSeenAt: sessions.length > 0 ? new Date(lastSeen) : null,
        },
        sessions,
      };
    },

    /**
     * Locks an account: it cannot sign in, and every session ends at once. Never the last
     * administrator who can sign in: as with the role, the lock is set, the unlocked
     * administrators counted, and the lock taken back if none remain — so two
     * administrators locking each other at once never leave nobody to unlock them.
     */
    lock: (userId: string) =>
      destructive(userId, "lock", async (target) => {
        if (target.id === acting.user.id) return failure("cannot_lock_self");
        // The new stamp overtakes a sign-in in flight; then every session ends.
        const lockedAt = context.clock();
        await setLocked(database, target.id, { lockedAt, securityStamp: newSecurityStamp() });
        if (
          target.roles.includes(ADMIN_ROLE) &&
          (await countUnlockedWithRole(database, ADMIN_ROLE)) === 0
        ) {
          await setLocked(database, target.id, { lockedAt: null });
          return failure("last_admin");
        }
        await deleteUserSessions(database, target.id);
        return { ok: true };
      }),

    /** Lets a locked account sign in again. Not destructive: no step-up needed. */
    unlock: (userId: string) =>
      onUser(userId, "unlock", async (target) => {
        await setLocked(database, target.id, { lockedAt: null });
        return { ok: true };
      }),

    /** Ends one session of a user. */
    endSession: (userId: string, sessionId: string) =>
      destructive(userId, "end_session", async (target) =>
        (await deleteUserSession(database, target.id, sessionId))
          ? { ok: true }
          : failure("not_found"),
      ),

    /** Ends every session of a user. */
    endAllSessions: (userId: string) =>
      destructive(userId, "end_all_sessions", async (target) => {
        await deleteUserSessions(database, target.id);
        return { ok: true };
      }),

    /** Makes a user an administrator. */
    grantAdmin: (userId: string) =>
      destructive(userId, "grant_admin", async (target) => {
        await addRole(database, target.id, ADMIN_ROLE);
        return { ok: true };
      }),

    /** Takes the role away — never from the last administrator who can still sign in. */
    revokeAdmin: (userId: string) =>
      destructive(userId, "revoke_admin", (target) => revokeAdminRole(context, target.id)),

    /** The newest audit entries, older than the entry `before` when paging. */
    auditLog: (before: string | null): Promise<AuditEntry[]> =>
      listAuditEntries(database, { before, limit: AUDIT_ENTRIES_PER_PAGE }),
  };
}

export type AdminConsole = ReturnType<typeof adminConsole>;

/**
 * Takes the admin role from a user unless that leaves no administrator who can sign in.
 * Without transactions: the role is taken, the remaining administrators counted, and the
 * role given back if none remain — so of two administrators revoking each other at once,
 * at least one keeps it.
 */
export async function revokeAdminRole(
  context: AuthContext,
  userId: string,
): Promise<AuthResult<object, "not_found" | "last_admin">> {
  if (!(await removeRole(context.database, userId, ADMIN_ROLE))) return failure("not_found");
  if ((await countUnlockedWithRole(context.database, ADMIN_ROLE)) === 0) {
    await addRole(context.database, userId, ADMIN_ROLE);
    return failure("last_admin");
  }
  return { ok: true };
}

function view(user: UserRow): Omit<AdminUserView, "sessionCount" | "lastSeenAt"> {
  return {
    id: user.id,
    username: user.username,
    createdAt: user.createdAt,
    isAdmin: user.roles.includes(ADMIN_ROLE),
    lockedAt: user.lockedAt,
  };
}
