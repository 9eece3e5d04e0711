"use client";

import { useActionState } from "react";

import {
  removePasskeyAction,
  renamePasskeyAction,
  type PasskeyFormState,
} from "../app/account/passkey-actions.ts";
import { AddPasskey } from "./add-passkey.tsx";
import { PasskeyItem, type ShownPasskey } from "./passkey-item.tsx";

const IDLE: PasskeyFormState = { status: "idle", message: "", field: null, passkeyId: null };

/**
 * The user's passkeys, each renamed or removed by a form that works without JavaScript,
 * and the button that adds one (which cannot). The card holds the forms' state, not the
 * rows: a removal answers with a page where its row is gone, and its message must stay.
 */
export function PasskeysCard({
  username,
  passkeys,
  addFailures,
}: {
  username: string;
  passkeys: ShownPasskey[];
  /** The words for each error code the add route may answer with. */
  addFailures: Record<string, string>;
}) {
  const [renamed, renameAction] = useActionState(renamePasskeyAction, IDLE, "/account");
  const [removed, removeAction] = useActionState(removePasskeyAction, IDLE, "/account");
  const done = [renamed, removed].filter((state) => state.status === "done");
  // A failure about no row in particular (a passkey gone meanwhile) is the card's to show.
  const failure = [renamed, removed].find(
    (state) => state.status === "failed" && !passkeys.some(({ id }) => id === state.passkeyId),
  );

  return (
    <section className="card stack passkeys" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">Passkeys</h2>
      <p className="muted">Sign in with a passkey instead of a password, on any of these apps.</p>
      <p className="notice" role="status" hidden={done.length === 0}>
        {done.map((state) => state.message).join(" ")}
      </p>
      <div className="alert" role="status" aria-live="polite">
        {failure?.message}
      </div>
      {passkeys.length === 0 ? (
        <p>You have no passkeys yet.</p>
      ) : (
        <ul className="passkey-list">
          {passkeys.map((passkey, index) => (
            <PasskeyItem
              key={passkey.id}
              index={index}
              username={username}
              passkey={passkey}
              renamed={renamed.passkeyId === passkey.id ? renamed : IDLE}
              removed={removed.passkeyId === passkey.id ? removed : IDLE}
              renameAction={renameAction}
              removeAction={removeAction}
            />
          ))}
        </ul>
      )}
      <AddPasskey failures={addFailures} />
    </section>
  );
}
