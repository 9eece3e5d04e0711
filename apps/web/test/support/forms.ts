// Server actions as a browser without JavaScript submits them. Next renders each action
// form with hidden fields that name the action (`$ACTION_ID_<id>`, or `$ACTION_REF_<n>`,
// `$ACTION_<n>:<i>` and `$ACTION_KEY` for a `useActionState` form); posting those fields as
// multipart/form-data to the page runs the action. The tests read them from the page's
// HTML exactly as a browser would, so nothing here knows an action id in advance.
import { cookieHeader } from "@monorepo-auth/testing/auth-cookies";
import { decodeEntities, tagAttributes } from "@monorepo-auth/testing/html";
import { request, type HttpResult } from "@monorepo-auth/testing/http";

export interface PageForm {
  /** The form's opening tag and content, as served. */
  html: string;
  /** The hidden inputs in order, names and values decoded. */
  hidden: [name: string, value: string][];
}

/** Every form of a page, with its hidden inputs. */
export function formsIn(html: string): PageForm[] {
  return [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map(([form]) => ({
    html: form,
    hidden: [...form.matchAll(/<input\b[^>]*>/g)].flatMap(([input]) => {
      const { type, name, value = "" } = tagAttributes(input);
      if (type !== "hidden" || name === undefined) return [];
      return [[name, value] as [string, string]];
    }),
  }));
}

function isActionForm(form: PageForm): boolean {
  return form.hidden.some(([name]) => name.startsWith("$ACTION_"));
}

/** The action form that ends the session `sessionId` (its "End session" / "Sign out"). */
export function revokeForm(html: string, sessionId: string): PageForm {
  const form = formsIn(html).find(
    (candidate) =>
      isActionForm(candidate) &&
      candidate.hidden.some(([name, value]) => name === "sessionId" && value === sessionId),
  );
  if (!form) throw new Error(`no revoke form for session ${sessionId} on the page`);
  return form;
}

/** The "Sign out everywhere" action form. */
export function signOutEverywhereForm(html: string): PageForm {
  const form = formsIn(html).find(
    (candidate) => isActionForm(candidate) && candidate.html.includes("Sign out everywhere"),
  );
  if (!form) throw new Error("no sign-out-everywhere form on the page");
  return form;
}

/** The change-password action form. */
export function changePasswordForm(html: string): PageForm {
  const form = formsIn(html).find(
    (candidate) => isActionForm(candidate) && candidate.html.includes('name="newPassword"'),
  );
  if (!form) throw new Error("no change-password form on the page");
  return form;
}

/** The action form that adds or changes the account's email address. */
export function changeEmailForm(html: string): PageForm {
  const form = formsIn(html).find(
    (candidate) => isActionForm(candidate) && candidate.html.includes('name="email"'),
  );
  if (!form) throw new Error("no change-email form on the page");
  return form;
}

/** The "Send the link again" action form, shown while the address is unverified. */
export function resendVerificationForm(html: string): PageForm {
  const form = formsIn(html).find(
    (candidate) => isActionForm(candidate) && candidate.html.includes("Send the link again"),
  );
  if (!form) throw new Error("no send-the-link-again form on the page");
  return form;
}

/**
 * The two-step card's setup form: "Set up an authenticator app" while it is off, then the
 * form for the app's first code.
 */
export function authenticatorSetupForm(html: string): PageForm {
  const form = formsIn(html).find(
    (candidate) =>
      isActionForm(candidate) &&
      (candidate.html.includes("Set up an authenticator app") ||
        candidate.html.includes('id="totp-setup-code"')),
  );
  if (!form) throw new Error("no authenticator-setup form on the page");
  return form;
}

/** The "New recovery codes" action form, shown while the authenticator app is on. */
export function newRecoveryCodesForm(html: string): PageForm {
  const form = formsIn(html).find(
    (candidate) => isActionForm(candidate) && candidate.html.includes('id="codes-password"'),
  );
  if (!form) throw new Error("no new-recovery-codes form on the page");
  return form;
}

/** The action form that turns the authenticator app off. */
export function turnOffTwoStepForm(html: string): PageForm {
  const form = formsIn(html).find(
    (candidate) => isActionForm(candidate) && candidate.html.includes('id="totp-off-password"'),
  );
  if (!form) throw new Error("no turn-off form on the page");
  return form;
}

/** The action form that renames the passkey `passkeyId`. */
export function renamePasskeyForm(html: string, passkeyId: string): PageForm {
  return passkeyForm(html, passkeyId, 'name="name"', "rename");
}

/** The action form that removes the passkey `passkeyId` (with the password). */
export function removePasskeyForm(html: string, passkeyId: string): PageForm {
  return passkeyForm(html, passkeyId, 'name="password"', "remove");
}

function passkeyForm(html: string, passkeyId: string, field: string, what: string): PageForm {
  const form = formsIn(html).find(
    (candidate) =>
      isActionForm(candidate) &&
      candidate.html.includes(field) &&
      candidate.hidden.some(([name, value]) => name === "id" && value === passkeyId),
  );
  if (!form) throw new Error(`no ${what} form for passkey ${passkeyId} on the page`);
  return form;
}

export interface SubmitOptions {
  /** The session cookie to send, if any. */
  token?: string;
  /**
   * Request headers; by default those of a same-origin form post (`Origin` = the page's
   * origin, `Sec-Fetch-Site: same-origin`). Given headers replace these entirely.
   */
  headers?: Record<string, string>;
}

/**
 * Submits an action form as a browser without JavaScript does: a multipart POST to the
 * page, with the form's hidden fields, `fields` changed or added on top.
 */
export function submitForm(
  pageUrl: string,
  form: PageForm,
  fields: Record<string, string> = {},
  options: SubmitOptions = {},
): Promise<HttpResult> {
  const body = new FormData();
  for (const [name, value] of form.hidden) {
    if (!(name in fields)) body.append(name, value);
  }
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return request(pageUrl, {
    method: "POST",
    body,
    headers: options.headers ?? {
      origin: new URL(pageUrl).origin,
      "sec-fetch-site": "same-origin",
    },
    ...(options.token ? { cookie: cookieHeader(options.token) } : {}),
  });
}

/**
 * The status message a form of the page shows after a submission: the change-password
 * form's unless `which` finds another. Each form has a status of its own, so the page's
 * first is not necessarily the one asked about.
 */
export function formStatus(
  html: string,
  which: (html: string) => PageForm = changePasswordForm,
): string | null {
  const match = /role="status"[^>]*>([^<]*)</.exec(which(html).html);
  return match?.[1] === undefined ? null : decodeEntities(match[1]);
}
