import type { LinkFormState } from "../app/account/identity-actions.ts";
import type { SignInProvider } from "../lib/sign-in-method.ts";
import { ConfirmField, type Confirmation } from "./confirm-field.tsx";
import { SubmitButton } from "./submit-button.tsx";

/**
 * "Link GitHub": confirms it is the owner, then sends the browser to the provider; only a
 * failure comes back here.
 */
export function LinkIdentityForm({
  provider,
  confirmation,
  username,
  state,
  action,
}: {
  provider: SignInProvider;
  confirmation: Confirmation;
  username: string;
  /** This form's answer: idle unless the last one was about this provider. */
  state: LinkFormState;
  action: (formData: FormData) => void;
}) {
  const id = `link-${provider.id}-${confirmation}`;
  const failed = state.status === "failed";
  // A wrong password or code is told at its field; anything else above the form's button.
  const onField = failed && confirmation !== "recent-sign-in" && state.field !== null;

  return (
    <form className="identity-form" action={action}>
      <input type="hidden" name="provider" value={provider.id} />
      <div className="alert" role="status" aria-live="polite">
        {failed && !onField && state.message}
      </div>
      <ConfirmField
        confirmation={confirmation}
        id={id}
        purpose={`link ${provider.label}`}
        username={username}
        error={onField ? state.message : ""}
      />
      <SubmitButton className="button secondary" pendingLabel="Linking…">
        {`Link ${provider.label}`}
      </SubmitButton>
    </form>
  );
}
