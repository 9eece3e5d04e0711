"use client";

import { useActionState } from "react";

import { resendVerificationAction, type EmailFormState } from "../app/account/email-actions.ts";
import { SubmitButton } from "./submit-button.tsx";

const INITIAL: EmailFormState = { status: "idle", message: "", field: null };

/** "Send the link again" for an unverified address; works without JavaScript too. */
export function ResendVerificationForm() {
  const [state, action] = useActionState(resendVerificationAction, INITIAL, "/account");

  return (
    <form className="stack" action={action}>
      <div
        className={state.status === "sent" ? "notice" : "alert"}
        role="status"
        aria-live="polite"
      >
        {state.message}
      </div>
      <div className="actions">
        <SubmitButton className="button secondary" pendingLabel="Sending…">
          Send the link again
        </SubmitButton>
      </div>
    </form>
  );
}
