import { addRole } from "@monorepo-auth/db/user-admin";
import { findUserByUsername } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import { canonicalUsername } from "../users/username.ts";
import { recordAudit } from "./audit-log.ts";
import { ADMIN_ROLE } from "./roles.ts";
import { revokeAdminRole } from "./admin-console.ts";

/**
 * Grants or revokes the admin role by username, for the `npm run admin` command: the only
 * way to make the first administrator, never reachable from the web. Audited with no actor.
 */
export async function changeAdminRoleFromCommandLine(
  context: AuthContext,
  change: "grant" | "revoke",
  username: string,
): Promise<AuthResult<{ username: string }, "not_found" | "last_admin">> {
  const canonical = canonicalUsername(username);
  const user = canonical ? await findUserByUsername(context.database, canonical) : null;
  if (!user) return failure("not_found");
  if (change === "grant") {
    await addRole(context.database, user.id, ADMIN_ROLE);
  } else {
    const revoked = await revokeAdminRole(context, user.id);
    if (!revoked.ok) return revoked;
  }
  await recordAudit(context, {
    actor: null,
    action: change === "grant" ? "grant_admin" : "revoke_admin",
    target: { id: user.id, username: user.username },
    ip: null,
  });
  return { ok: true, username: user.username };
}
