import type { RecoveryCodesState } from "../app/account/two-step-actions.ts";
import { SubmitButton } from "./submit-button.tsx";

type Shown = Exclude<RecoveryCodesState, { status: "done" }>;

/** Ten new recovery codes for the password; the old ones stop working. */
export function NewRecoveryCodesForm({
  username,
  state,
  action,
}: {
  username: string;
  state: Shown;
  action: (formData: FormData) => void;
}) {
  const passwordError = state.field === "password" ? state.message : "";

  return (
    <form className="stack" action={action}>
      <h3>Recovery codes</h3>
      {/* Lets password managers know whose password this is; not submitted as a choice. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <div className="alert" role="status" aria-live="polite">
        {state.message}
      </div>
      <div className="field">
        <label htmlFor="codes-password">Password for new codes</label>
        <input
          id="codes-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={
            passwordError ? "codes-password-hint codes-password-error" : "codes-password-hint"
          }
        />
        <span className="hint" id="codes-password-hint">
          Lost your list, or used most of it? New codes replace every old one.
        </span>
        {passwordError && (
          <span className="error" id="codes-password-error">
            {passwordError}
          </span>
        )}
      </div>
      <SubmitButton className="button secondary" pendingLabel="Making codes…">
        New recovery codes
      </SubmitButton>
    </form>
  );
}
