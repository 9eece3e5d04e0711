"use client";

import { useActionState } from "react";

import {
  linkIdentityAction,
  unlinkIdentityAction,
  type LinkFormState,
  type UnlinkFormState,
} from "../app/account/identity-actions.ts";
import type { SignInProvider } from "../lib/sign-in-method.ts";
import type { Confirmation } from "./confirm-field.tsx";
import { LinkIdentityForm } from "./link-identity-form.tsx";
import { identityKey, LinkedIdentityItem, type ShownIdentity } from "./linked-identity-item.tsx";

const LINK_IDLE: LinkFormState = { status: "idle", message: "", field: null, providerId: null };
const UNLINK_IDLE: UnlinkFormState = { status: "idle", message: "", field: null, identity: null };

/**
 * The ways into the account: whether it has a password, how many passkeys, the provider
 * accounts linked (each unlinked by a form), and a "Link" form for each provider offered
 * and not linked yet. Every form works without JavaScript. The card holds the forms' state,
 * not the rows: an unlink answers with a page where its row is gone, and its message must
 * stay. With no provider offered and none linked there is nothing to show.
 */
export function SignInMethodsCard({
  username,
  password,
  passkeys,
  confirmation,
  providers,
  identities,
}: {
  username: string;
  password: boolean;
  passkeys: number;
  confirmation: Confirmation;
  providers: SignInProvider[];
  identities: ShownIdentity[];
}) {
  const [linked, linkAction] = useActionState(linkIdentityAction, LINK_IDLE, "/account");
  const [unlinked, unlinkAction] = useActionState(unlinkIdentityAction, UNLINK_IDLE, "/account");
  if (providers.length === 0 && identities.length === 0) return null;

  const linkable = providers.filter(({ id }) => !identities.some((i) => i.provider === id));
  // A failure about no form of the page (a provider gone or linked meanwhile, an account
  // unlinked in another tab) is the card's to show.
  const failure = [
    linked.status === "failed" && !linkable.some(({ id }) => id === linked.providerId)
      ? linked
      : null,
    unlinked.status === "failed" &&
    !identities.some((identity) => identityKey(identity) === unlinked.identity)
      ? unlinked
      : null,
  ].find((state) => state !== null);

  return (
    <section className="card stack sign-in-methods" aria-labelledby="sign-in-methods-title">
      <h2 id="sign-in-methods-title">Sign-in methods</h2>
      <p>
        This account has {password ? "a password" : "no password"} and {passkeyCount(passkeys)}.
      </p>
      {confirmation === "recent-sign-in" && (
        <p className="muted">
          This account has no password and no authenticator app: a sign-in within the last 10
          minutes confirms it is you. If yours is older, sign out and in again first.
          {identities.length > 0 && " Unlinking signs out every other session of yours."}
        </p>
      )}
      <p className="notice" role="status" hidden={unlinked.status !== "done"}>
        {unlinked.status === "done" ? unlinked.message : ""}
      </p>
      <div className="alert" role="status" aria-live="polite">
        {failure?.message}
      </div>
      {identities.length === 0 ? (
        <p>No account at a provider is linked yet.</p>
      ) : (
        <ul className="identity-list">
          {identities.map((identity, index) => (
            <LinkedIdentityItem
              key={identityKey(identity)}
              index={index}
              identity={identity}
              confirmation={confirmation}
              username={username}
              state={unlinked.identity === identityKey(identity) ? unlinked : UNLINK_IDLE}
              action={unlinkAction}
            />
          ))}
        </ul>
      )}
      {linkable.length > 0 && (
        <p className="muted">
          Link an account at a provider to sign in with it too; you are sent there to allow it.
        </p>
      )}
      {linkable.map((provider) => (
        <LinkIdentityForm
          key={provider.id}
          provider={provider}
          confirmation={confirmation}
          username={username}
          state={linked.providerId === provider.id ? linked : LINK_IDLE}
          action={linkAction}
        />
      ))}
    </section>
  );
}

function passkeyCount(count: number): string {
  if (count === 0) return "no passkeys";
  return count === 1 ? "1 passkey" : `${String(count)} passkeys`;
}
