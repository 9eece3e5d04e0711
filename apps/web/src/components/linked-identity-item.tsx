import type { UnlinkFormState } from "../app/account/identity-actions.ts";
import { ConfirmField, type Confirmation } from "./confirm-field.tsx";
import { SubmitButton } from "./submit-button.tsx";

/** A linked provider account as the page shows it; the dates are formatted on the server. */
export interface ShownIdentity {
  provider: string;
  /** The provider's name ("GitHub"), or its id when the server no longer offers it. */
  providerLabel: string;
  subject: string;
  /** What the person knows the account by: a login name or an address; may be empty. */
  label: string;
  linked: string;
  lastUsed: string | null;
}

/** The key one unlink state names its row by, as the action does. */
export const identityKey = (identity: Pick<ShownIdentity, "provider" | "subject">): string =>
  `${identity.provider}:${identity.subject}`;

/**
 * One linked account: the provider, the account's name there, its dates, and the form that
 * unlinks it. The field's label and the button name the account, as every row has the same.
 */
export function LinkedIdentityItem({
  index,
  identity,
  confirmation,
  username,
  state,
  action,
}: {
  index: number;
  identity: ShownIdentity;
  confirmation: Confirmation;
  username: string;
  /** This row's answer: idle unless the last one was about this account. */
  state: UnlinkFormState;
  action: (formData: FormData) => void;
}) {
  const name = `${identity.providerLabel} ${identity.label}`.trim();
  const failed = state.status === "failed";
  // A wrong password or code is told at its field; anything else above the form's button.
  const onField = failed && confirmation !== "recent-sign-in" && state.field !== null;

  return (
    <li className="identity">
      <p className="device">
        {identity.providerLabel}
        {identity.label && ` · ${identity.label}`}
      </p>
      <p className="muted details">
        linked {identity.linked} UTC ·{" "}
        {identity.lastUsed ? `last used ${identity.lastUsed} UTC` : "never used"}
      </p>
      <form className="identity-form" action={action}>
        <input type="hidden" name="provider" value={identity.provider} />
        <input type="hidden" name="subject" value={identity.subject} />
        <div className="alert" role="status" aria-live="polite">
          {failed && !onField && state.message}
        </div>
        <ConfirmField
          confirmation={confirmation}
          id={`unlink-${String(index)}-${confirmation}`}
          purpose={`unlink ${name}`}
          username={username}
          error={onField ? state.message : ""}
          hint="Unlinking signs out every other session of yours."
        />
        <SubmitButton className="button danger" pendingLabel="Unlinking…">
          Unlink<span className="visually-hidden"> {name}</span>
        </SubmitButton>
      </form>
    </li>
  );
}
