import type { PasskeyFormState } from "../app/account/passkey-actions.ts";
import { SubmitButton } from "./submit-button.tsx";

/** A passkey as the page shows it; the dates are formatted on the server. */
export interface ShownPasskey {
  id: string;
  name: string;
  added: string;
  lastUsed: string | null;
}

/**
 * One passkey: its name and dates, a form to rename it and one to remove it (with the
 * password). Each field's label names the passkey, as every row has the same fields.
 */
export function PasskeyItem({
  index,
  username,
  passkey,
  renamed,
  removed,
  renameAction,
  removeAction,
}: {
  index: number;
  username: string;
  passkey: ShownPasskey;
  renamed: PasskeyFormState;
  removed: PasskeyFormState;
  renameAction: (formData: FormData) => void;
  removeAction: (formData: FormData) => void;
}) {
  const nameId = `passkey-${String(index)}-name`;
  const passwordId = `passkey-${String(index)}-password`;
  const renameError = renamed.status === "failed" ? renamed.message : "";
  const removeError = removed.status === "failed" ? removed.message : "";

  return (
    <li className="passkey">
      <p className="device">{passkey.name}</p>
      <p className="muted details">
        added {passkey.added} UTC ·{" "}
        {passkey.lastUsed ? `last used ${passkey.lastUsed} UTC` : "never used"}
      </p>
      <form className="passkey-form" action={renameAction}>
        <input type="hidden" name="id" value={passkey.id} />
        <div className="field">
          <label htmlFor={nameId}>
            Name<span className="visually-hidden"> of {passkey.name}</span>
          </label>
          <input
            id={nameId}
            name="name"
            type="text"
            autoComplete="off"
            required
            maxLength={64}
            defaultValue={passkey.name}
            aria-invalid={renameError ? true : undefined}
            aria-describedby={renameError ? `${nameId}-error` : undefined}
          />
          {renameError && (
            <span className="error" id={`${nameId}-error`}>
              {renameError}
            </span>
          )}
        </div>
        <SubmitButton className="button secondary" pendingLabel="Renaming…">
          Rename<span className="visually-hidden"> {passkey.name}</span>
        </SubmitButton>
      </form>
      <form className="passkey-form" action={removeAction}>
        <input type="hidden" name="id" value={passkey.id} />
        {/* Lets password managers know whose password this is; not submitted as a choice. */}
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={username}
          readOnly
          hidden
        />
        <div className="field">
          <label htmlFor={passwordId}>
            Password to remove<span className="visually-hidden"> {passkey.name}</span>
          </label>
          <input
            id={passwordId}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={256}
            aria-invalid={removeError ? true : undefined}
            aria-describedby={
              removeError ? `${passwordId}-hint ${passwordId}-error` : `${passwordId}-hint`
            }
          />
          <span className="hint" id={`${passwordId}-hint`}>
            Removing a passkey signs out every other session of yours.
          </span>
          {removeError && (
            <span className="error" id={`${passwordId}-error`}>
              {removeError}
            </span>
          )}
        </div>
        <SubmitButton className="button danger" pendingLabel="Removing…">
          Remove<span className="visually-hidden"> {passkey.name}</span>
        </SubmitButton>
      </form>
    </li>
  );
}
