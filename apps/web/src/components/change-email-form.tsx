"use client";

import { useActionState } from "react";

import { changeEmailAction, type EmailFormState } from "../app/account/email-actions.ts";
import { SubmitButton } from "./submit-button.tsx";

const INITIAL: EmailFormState = { status: "idle", message: "", field: null };

/**
 * Adds or replaces the account's address. Works without JavaScript (a plain form post);
 * with it, shows progress and the outcome in place. The ids are prefixed: the
 * change-password form on the same page has a current-password field too.
 */
export function ChangeEmailForm({
  username,
  hasAddress,
}: {
  username: string;
  hasAddress: boolean;
}) {
  const [state, action] = useActionState(changeEmailAction, INITIAL, "/account");
  const error = (field: string) =>
    state.status === "failed" && state.field === field ? state.message : "";
  const emailError = error("email");
  const passwordError = error("currentPassword");
  const label = hasAddress ? "Change address" : "Add address";

  return (
    <form className="stack" action={action}>
      {/* Lets password managers know whose password this is; not submitted as a choice. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <div
        className={state.status === "sent" ? "notice" : "alert"}
        role="status"
        aria-live="polite"
      >
        {state.message}
      </div>
      <div className="field">
        <label htmlFor="email">{hasAddress ? "New email address" : "Email address"}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? "email-hint email-error" : "email-hint"}
        />
        <span className="hint" id="email-hint">
          {hasAddress
            ? "It replaces the current address at once; we mail it a link to verify it."
            : "We mail it a link to verify it."}
        </span>
        {emailError && (
          <span className="error" id="email-error">
            {emailError}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="email-currentPassword">Your password, to confirm it is you</label>
        <input
          id="email-currentPassword"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={passwordError ? "email-currentPassword-error" : undefined}
        />
        {passwordError && (
          <span className="error" id="email-currentPassword-error">
            {passwordError}
          </span>
        )}
      </div>
      <SubmitButton pendingLabel="Saving…">{label}</SubmitButton>
    </form>
  );
}
