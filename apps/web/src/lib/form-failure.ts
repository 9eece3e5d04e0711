import { AUTH_ERROR_CODES, type AuthErrorCode } from "@monorepo-auth/auth/errors";

/** What an account form shows for a failed action: the message, and the field it is about. */
export interface FormFailure {
  message: string;
  field: string | null;
}

/**
 * The person's words for a failure code, with the wait when the core throttled them, so
 * that every form of the page says "too many attempts" the same way.
 */
export function formFailure(code: AuthErrorCode, retryAfterSeconds?: number): FormFailure {
  const { message, field } = AUTH_ERROR_CODES[code];
  const wait =
    retryAfterSeconds === undefined
      ? ""
      : ` You can try again in ${String(Math.ceil(retryAfterSeconds / 60))} min.`;
  return { message: message + wait, field };
}
