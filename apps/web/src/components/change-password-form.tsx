"use client";

import { useActionState } from "react";

import { changePasswordAction, type ChangePasswordState } from "../app/account/actions.ts";
import { ConfirmField, type Confirmation } from "./confirm-field.tsx";
import { SubmitButton } from "./submit-button.tsx";

const INITIAL: ChangePasswordState = { status: "idle", message: "", field: null };

/**
 * Works without JavaScript (a plain form post); with it, shows progress and the outcome in
 * place. An account without a password sets its first one here: instead of the current
 * password it confirms with a code from its authenticator app, or by a recent sign-in.
 */
export function ChangePasswordForm({
  username,
  confirmation,
}: {
  username: string;
  confirmation: Confirmation;
}) {
  const [state, action] = useActionState(changePasswordAction, INITIAL, "/account");
  const error = (field: string) =>
    state.status === "failed" && state.field === field ? state.message : "";
  const currentError = error("currentPassword");
  const newError = error("newPassword");
  const setting = confirmation !== "password";

  return (
    <form className="stack" action={action}>
      {/* Lets password managers know whose password this is; not submitted as a choice. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <div
        className={state.status === "changed" ? "notice" : "alert"}
        role="status"
        aria-live="polite"
      >
        {state.message}
      </div>
      {setting ? (
        <ConfirmField
          confirmation={confirmation}
          id="set-password-code"
          purpose="set a password"
          username={username}
          error={error("code")}
        />
      ) : (
        <div className="field">
          <label htmlFor="currentPassword">Current password</label>
          <input
            id="currentPassword"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            maxLength={256}
            aria-invalid={currentError ? true : undefined}
            aria-describedby={currentError ? "currentPassword-error" : undefined}
          />
          {currentError && (
            <span className="error" id="currentPassword-error">
              {currentError}
            </span>
          )}
        </div>
      )}
      {confirmation === "recent-sign-in" && (
        <p className="muted">
          You signed in less than 10 minutes ago, or sign out and in again first: that confirms it
          is you.
        </p>
      )}
      <div className="field">
        <label htmlFor="newPassword">New password</label>
        <input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={256}
          aria-invalid={newError ? true : undefined}
          aria-describedby={newError ? "newPassword-rules newPassword-error" : "newPassword-rules"}
        />
        <ul className="rules" id="newPassword-rules">
          <li>8 to 256 characters; spaces and any script are fine.</li>
          <li>Not a commonly used password, and not containing your username.</li>
          <li>Every other session of yours will be signed out.</li>
        </ul>
        {newError && (
          <span className="error" id="newPassword-error">
            {newError}
          </span>
        )}
      </div>
      <SubmitButton pendingLabel={setting ? "Setting…" : "Changing…"}>
        {setting ? "Set password" : "Change password"}
      </SubmitButton>
    </form>
  );
}
