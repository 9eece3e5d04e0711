import type { SetupState } from "../app/account/two-step-actions.ts";
import { SubmitButton } from "./submit-button.tsx";

type Shown = Exclude<SetupState, { step: "done" }>;

/**
 * Off: the button that starts setting up an app, then the key to scan or type in and the
 * field for its first code. One action does both, so that a wrong code shows the key again.
 */
export function AuthenticatorSetup({
  state,
  action,
}: {
  state: Shown;
  action: (formData: FormData) => void;
}) {
  if (state.step === "start") {
    return (
      <form className="stack" action={action}>
        <div className="alert" role="status" aria-live="polite">
          {state.message}
        </div>
        <div className="actions">
          <SubmitButton pendingLabel="Starting…">Set up an authenticator app</SubmitButton>
        </div>
      </form>
    );
  }
  const codeError = state.field === "code" ? state.message : "";
  return (
    <div className="stack">
      <p>
        Scan this QR code with your authenticator app, or type the key into it. Then enter the
        6-digit code the app shows.
      </p>
      {/* next/image would add an inline style, which the Content-Security-Policy refuses. */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img
        className="qr-code"
        src={state.qrCode}
        alt="QR code of the key for your authenticator app"
        width={192}
        height={192}
      />
      <p className="setup-key">
        <span id="totp-secret-label">Key</span>
        <code aria-labelledby="totp-secret-label">{groupsOfFour(state.secret)}</code>
      </p>
      <form className="stack" action={action}>
        <div className="alert" role="status" aria-live="polite">
          {state.message}
        </div>
        <div className="field">
          <label htmlFor="totp-setup-code">Code from the app</label>
          <input
            id="totp-setup-code"
            name="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            maxLength={16}
            aria-invalid={codeError ? true : undefined}
            aria-describedby={codeError ? "totp-setup-code-error" : undefined}
          />
          {codeError && (
            <span className="error" id="totp-setup-code-error">
              {codeError}
            </span>
          )}
        </div>
        <SubmitButton pendingLabel="Checking…">Turn on</SubmitButton>
      </form>
    </div>
  );
}

/** `ABCDEFGH…` as `ABCD EFGH …`: easier to read off the screen and type in. */
function groupsOfFour(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(" ");
}
