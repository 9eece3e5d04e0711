import type { AdminActionError } from "@monorepo-auth/auth/admin/admin-console";
import { AUTH_ERROR_CODES } from "@monorepo-auth/auth/errors";
import { ERROR_STATUS } from "@monorepo-auth/auth/http/error-status";
import { fail, redirect, type ActionFailure } from "@sveltejs/kit";

import { confirmPath } from "./return-to.ts";

/** What a page shows after a refused action: the message, beside nothing but the summary. */
export interface ActionMessage {
  message: string;
}

/**
 * Answers an action the core refused. Without a fresh step-up the browser goes to confirm
 * its password and comes back to `page`; every other refusal is the page again with the
 * message and the status of the core's table (`notFound` says what was not found).
 */
export function refusedAction(
  error: AdminActionError,
  page: string,
  notFound: string,
): ActionFailure<ActionMessage> {
  if (error === "step_up_required") redirect(303, confirmPath(page));
  const message = error === "not_found" ? notFound : AUTH_ERROR_CODES[error].message;
  return fail(ERROR_STATUS[error], { message });
}

/** A form the console could not read, or an id of a shape the core never issues. */
export function unreadableForm(): ActionFailure<ActionMessage> {
  return fail(ERROR_STATUS.invalid_request, { message: AUTH_ERROR_CODES.invalid_request.message });
}
