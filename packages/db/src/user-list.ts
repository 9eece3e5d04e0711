import { trusted } from "mongoose";

import type { Database } from "./database.ts";
import { withAvailability } from "./errors.ts";
import { toUserRow, type UserRow } from "./users.ts";

/** A page of users in username order, and whether more follow. */
export interface UserPage {
  users: UserRow[];
  hasMore: boolean;
}

/**
 * Users whose canonical username starts with `prefix`, in username order, `pageSize` from
 * `offset`. A prefix range rather than a pattern, so that MongoDB answers it from the
 * username index and no input is ever read as a regular expression.
 */
export async function listUsers(
  database: Database,
  query: { prefix: string; offset: number; pageSize: number },
): Promise<UserPage> {
  const { User } = await database.models();
  const filter =
    query.prefix === ""
      ? {}
      : { username: trusted({ $gte: query.prefix, $lt: `${query.prefix}\uffff` }) };
  const docs = await withAvailability(() =>
    User.find(filter)
      .sort({ username: 1 })
      .skip(query.offset)
      .limit(query.pageSize + 1)
      .lean()
      .exec(),
  );
  return {
    users: docs.slice(0, query.pageSize).map(toUserRow),
    hasMore: docs.length > query.pageSize,
  };
}

/** How many sessions a user has, and when one was last used. */
export interface SessionStats {
  count: number;
  lastSeenAt: Date | null;
}

/**
 * Session counts and last use for each of `userIds`, in one query (expired sessions
 * included; the purge removes them). Folded here rather than grouped by the server: a
 * page holds a few users of at most MAX_SESSIONS_PER_USER sessions each, and FerretDB has
 * no `$max` accumulator.
 */
export async function sessionStats(
  database: Database,
  userIds: readonly string[],
): Promise<Map<string, SessionStats>> {
  const stats = new Map<string, SessionStats>();
  if (userIds.length === 0) return stats;
  const { Session } = await database.models();
  const sessions = await withAvailability(() =>
    Session.find({ userId: trusted({ $in: [...userIds] }) }, { userId: 1, lastVerifiedAt: 1 })
      .lean()
      .exec(),
  );
  for (const { userId, lastVerifiedAt } of sessions) {
    const seen = stats.get(userId);
    const last =
      seen?.lastSeenAt && seen.lastSeenAt > lastVerifiedAt ? seen.lastSeenAt : lastVerifiedAt;
    stats.set(userId, { count: (seen?.count ?? 0) + 1, lastSeenAt: last });
  }
  return stats;
}
