import type { AdminConsole } from "@monorepo-auth/auth/admin/admin-console";
import { describeDevice } from "@monorepo-auth/display/user-agent";
import { redirect } from "@sveltejs/kit";

import { acting } from "#lib/server/admin-console.ts";
import { refusedAction, unreadableForm } from "#lib/server/action-refusal.ts";
import { readForm, textField } from "#lib/server/form.ts";
import { isRecordId } from "#lib/server/ids.ts";
import { refuse } from "#lib/server/refuse.ts";
import { STEP_UP_MINUTES, steppedUpUntil } from "#lib/server/step-up.ts";
import { isDone, type Done } from "#lib/user-actions.ts";

import type { Actions, PageServerLoad, RequestEvent } from "./$types";

const NO_SUCH_USER = "There is no user with this id.";
const NO_SUCH_SESSION = "This session has ended already, or is not one of this user's.";

/** One user: the directory's facts, their live sessions, and what an administrator can do. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const admin = acting(locals);
  // An id of a shape the core never issues names no one: answered without a query.
  if (!isRecordId(params.id)) refuse(404, NO_SUCH_USER);
  const found = await admin.adminConsole.user(params.id);
  if (!found) refuse(404, NO_SUCH_USER);
  const done = url.searchParams.get("done");
  return {
    user: found.user,
    sessions: found.sessions.map((session) => ({
      id: session.id,
      device: describeDevice(session.userAgent),
      ip: session.ip,
      createdAt: session.createdAt,
      lastSeenAt: session.lastVerifiedAt,
      isYours: session.id === admin.session.id,
    })),
    isSelf: found.user.id === admin.user.id,
    stepUp: {
      until: steppedUpUntil(admin),
      minutes: STEP_UP_MINUTES,
      returnTo: `/users/${found.user.id}`,
    },
    done: isDone(done) ? done : null,
  };
};

type Run = (
  admin: AdminConsole,
  userId: string,
  form: FormData,
) => ReturnType<AdminConsole["lock"]> | null;

/**
 * An action on the user the page shows, through the console the hook opened: ids are
 * checked before anything reaches the core, the core's refusals are shown on the page (or
 * lead to the step-up page), and a success comes back to the page (303) saying what was done.
 * `run` answers null when the form lacks what it needs.
 */
function userAction(done: Done, notFound: string, run: Run) {
  return async ({ locals, params, request }: RequestEvent) => {
    const { adminConsole } = acting(locals);
    const page = `/users/${params.id}`;
    if (!isRecordId(params.id)) return refusedAction("not_found", page, NO_SUCH_USER);
    const form = await readForm(request);
    const pending = form ? run(adminConsole, params.id, form) : null;
    if (!pending) return unreadableForm();
    const result = await pending;
    if (!result.ok) return refusedAction(result.error, page, notFound);
    redirect(303, `${page}?done=${done}`);
  };
}

export const actions = {
  lock: userAction("lock", NO_SUCH_USER, (admin, id) => admin.lock(id)),
  unlock: userAction("unlock", NO_SUCH_USER, (admin, id) => admin.unlock(id)),
  endSession: userAction("end_session", NO_SUCH_SESSION, (admin, id, form) => {
    const sessionId = textField(form, "sessionId");
    return isRecordId(sessionId) ? admin.endSession(id, sessionId) : null;
  }),
  endAllSessions: userAction("end_all_sessions", NO_SUCH_USER, (admin, id) =>
    admin.endAllSessions(id),
  ),
  grantAdmin: userAction("grant_admin", NO_SUCH_USER, (admin, id) => admin.grantAdmin(id)),
  revokeAdmin: userAction("revoke_admin", NO_SUCH_USER, (admin, id) => admin.revokeAdmin(id)),
} satisfies Actions;
