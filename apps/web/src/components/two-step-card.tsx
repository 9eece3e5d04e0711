"use client";

import { useActionState } from "react";

import {
  authenticatorSetupAction,
  newRecoveryCodesAction,
  turnOffAuthenticatorAction,
  type RecoveryCodesState,
  type SetupState,
  type TurnOffState,
} from "../app/account/two-step-actions.ts";
import { AuthenticatorSetup } from "./authenticator-setup.tsx";
import { NewRecoveryCodesForm } from "./new-recovery-codes-form.tsx";
import { RecoveryCodeList } from "./recovery-code-list.tsx";
import { TurnOffTwoStepForm } from "./turn-off-two-step-form.tsx";

const SETUP: SetupState = { step: "start", message: "" };
const CODES: RecoveryCodesState = { status: "idle", message: "", field: null };
const TURN_OFF: TurnOffState = { status: "idle", message: "", field: null };

/**
 * Two-step verification: off (and setting up an app) or on (new recovery codes, turning it
 * off). Works without JavaScript. The card holds every form's state, not the forms: an
 * action that turns the app on or off re-renders the page with the other branch, and the
 * codes it answered with must survive that. A form with codes in its state is not rendered
 * again, as its hidden fields would carry them back.
 */
export function TwoStepCard({
  username,
  enabled,
  recoveryCodesLeft,
}: {
  username: string;
  enabled: boolean;
  recoveryCodesLeft: number;
}) {
  const [setup, setupAction] = useActionState(authenticatorSetupAction, SETUP, "/account");
  const [codes, codesAction] = useActionState(newRecoveryCodesAction, CODES, "/account");
  const [off, offAction] = useActionState(turnOffAuthenticatorAction, TURN_OFF, "/account");

  let body;
  if (setup.step === "done") {
    body = <RecoveryCodeList codes={setup.recoveryCodes} message={setup.message} />;
  } else if (codes.status === "done") {
    body = (
      <RecoveryCodeList
        codes={codes.recoveryCodes}
        message="New recovery codes made: the old ones no longer work."
      />
    );
  } else if (enabled) {
    body = (
      <>
        <p>
          <strong>On</strong> — you are asked for a code after your password.
        </p>
        <p className="muted">{codesLeft(recoveryCodesLeft)}</p>
        <NewRecoveryCodesForm username={username} state={codes} action={codesAction} />
        <TurnOffTwoStepForm username={username} state={off} action={offAction} />
      </>
    );
  } else {
    body = (
      <>
        {off.status === "off" && setup.step === "start" && (
          <p className="notice" role="status">
            {off.message}
          </p>
        )}
        <p>
          <strong>Off.</strong> Ask for a code from an authenticator app after your password.
        </p>
        <AuthenticatorSetup state={setup} action={setupAction} />
      </>
    );
  }

  return (
    <section className="card stack two-step" aria-labelledby="two-step-title">
      <h2 id="two-step-title">Two-step verification</h2>
      {body}
    </section>
  );
}

function codesLeft(count: number): string {
  if (count === 0) return "No recovery codes left: make new ones below.";
  return count === 1 ? "1 recovery code left." : `${String(count)} recovery codes left.`;
}
