/**
 * How the person confirms it is them before changing how the account signs in, as the core
 * asks: the password if the account has one; else a code from the authenticator app if it
 * is on; else nothing to type, a sign-in within the last 10 minutes.
 */
export type Confirmation = "password" | "code" | "recent-sign-in";

/**
 * The confirmation field of a link or unlink form, if the account needs one. Several such
 * forms share the page, so the id is the form's and the label names what it is for.
 */
export function ConfirmField({
  confirmation,
  id,
  purpose,
  username,
  error,
  hint,
}: {
  confirmation: Confirmation;
  id: string;
  /** What the field confirms, e.g. "link GitHub": read after the label by screen readers. */
  purpose: string;
  username: string;
  error: string;
  hint?: string;
}) {
  if (confirmation === "recent-sign-in") return null;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : "", error ? errorId : ""].filter(Boolean).join(" ");
  const common = {
    id,
    required: true,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
  };

  return (
    <>
      {/* Lets password managers know whose password this is; not submitted as a choice. */}
      {confirmation === "password" && (
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={username}
          readOnly
          hidden
        />
      )}
      <div className="field">
        <label htmlFor={id}>
          {confirmation === "password" ? "Password" : "Code from your authenticator app"}
          <span className="visually-hidden"> to {purpose}</span>
        </label>
        {confirmation === "password" ? (
          <input
            {...common}
            name="password"
            type="password"
            autoComplete="current-password"
            maxLength={256}
          />
        ) : (
          <input
            {...common}
            name="code"
            type="text"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={32}
          />
        )}
        {hint && (
          <span className="hint" id={hintId}>
            {hint}
          </span>
        )}
        {error && (
          <span className="error" id={errorId}>
            {error}
          </span>
        )}
      </div>
    </>
  );
}
