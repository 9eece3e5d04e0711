/** The one role there is: administrators use the admin console. */
export const ADMIN_ROLE = "admin";

/** Whether a user (with roles, and locked or not) may act as an administrator now. */
export function isActingAdmin(user: { roles: readonly string[]; lockedAt: Date | null }): boolean {
  return user.roles.includes(ADMIN_ROLE) && user.lockedAt === null;
}
