import type { TurnOffState } from "../app/account/two-step-actions.ts";
import { SubmitButton } from "./submit-button.tsx";

/** Turns the authenticator app off, for the password and a code from the app (or a recovery code). */
export function TurnOffTwoStepForm({
  username,
  state,
  action,
}: {
  username: string;
  state: TurnOffState;
  action: (formData: FormData) => void;
}) {
  const error = (field: string) =>
    state.status === "failed" && state.field === field ? state.message : "";
  const passwordError = error("password");
  const codeError = error("code");

  return (
    <form className="stack" action={action}>
      <h3>Turn it off</h3>
      {/* Lets password managers know whose password this is; not submitted as a choice. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <div className="alert" role="status" aria-live="polite">
        {state.status === "failed" ? state.message : ""}
      </div>
      <div className="field">
        <label htmlFor="totp-off-password">Password to turn it off</label>
        <input
          id="totp-off-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={passwordError ? "totp-off-password-error" : undefined}
        />
        {passwordError && (
          <span className="error" id="totp-off-password-error">
            {passwordError}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="totp-off-code">Code (or a recovery code)</label>
        <input
          id="totp-off-code"
          name="code"
          type="text"
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={32}
          aria-invalid={codeError ? true : undefined}
          aria-describedby={
            codeError ? "totp-off-code-hint totp-off-code-error" : "totp-off-code-hint"
          }
        />
        <span className="hint" id="totp-off-code-hint">
          Turning it off signs out every other session of yours.
        </span>
        {codeError && (
          <span className="error" id="totp-off-code-error">
            {codeError}
          </span>
        )}
      </div>
      <SubmitButton className="button danger" pendingLabel="Turning off…">
        Turn off
      </SubmitButton>
    </form>
  );
}
