import { AUTH_ERROR_CODES } from "@monorepo-auth/auth/errors";
import { ERROR_STATUS } from "@monorepo-auth/auth/http/error-status";
import { fail, redirect } from "@sveltejs/kit";

import { formatMinutes } from "#lib/format.ts";
import { acting } from "#lib/server/admin-console.ts";
import { auth } from "#lib/server/auth.ts";
import { env } from "#lib/server/env.ts";
import { readForm, textField } from "#lib/server/form.ts";
import { refuse } from "#lib/server/refuse.ts";
import { adminReturnPath } from "#lib/server/return-to.ts";
import { STEP_UP_MINUTES, steppedUpUntil } from "#lib/server/step-up.ts";

import type { Actions, PageServerLoad } from "./$types";

const NOT_A_PAGE_HERE = "The page to return to is not one of this console's.";

/** What the form shows after a refusal: the message, and the field it concerns. */
interface Refused {
  message: string;
  field: "password" | null;
}

/** Step-up: confirm the password, then back to the console's page that asked for it. */
export const load: PageServerLoad = ({ locals, url }) => {
  const admin = acting(locals);
  const returnTo = adminReturnPath(url.searchParams.get("returnTo"), env().adminOrigin);
  if (returnTo === null) refuse(400, NOT_A_PAGE_HERE);
  return {
    username: admin.user.username,
    returnTo,
    minutes: STEP_UP_MINUTES,
    until: steppedUpUntil(admin),
  };
};

export const actions = {
  default: async ({ locals, request, setHeaders }) => {
    const admin = acting(locals);
    const form = await readForm(request);
    const refused = (status: number, refusal: Refused) => fail(status, refusal);
    if (!form)
      return refused(400, { message: AUTH_ERROR_CODES.invalid_request.message, field: null });
    const returnTo = adminReturnPath(textField(form, "returnTo"), env().adminOrigin);
    if (returnTo === null) return refused(400, { message: NOT_A_PAGE_HERE, field: null });

    const result = await auth().confirmPassword({
      user: admin.user,
      sessionId: admin.session.id,
      password: textField(form, "password") ?? "",
      ip: admin.ip,
    });
    if (result.ok) redirect(303, returnTo);
    const { error, retryAfterSeconds } = result;
    const status = ERROR_STATUS[error];
    const { message } = AUTH_ERROR_CODES[error];
    if (error === "current_password_wrong") return refused(status, { message, field: "password" });
    if (retryAfterSeconds !== undefined) {
      setHeaders({ "Retry-After": String(retryAfterSeconds) });
      const wait = `${message} You can try again in ${formatMinutes(retryAfterSeconds)}.`;
      return refused(status, { message: wait, field: null });
    }
    return refused(status, { message, field: null });
  },
} satisfies Actions;
