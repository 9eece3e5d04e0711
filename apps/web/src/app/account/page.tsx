import { describeDevice } from "@monorepo-auth/display/user-agent";
import type { Metadata } from "next";

import { ChangePasswordForm } from "../../components/change-password-form.tsx";
import type { Confirmation } from "../../components/confirm-field.tsx";
import { EmailCard } from "../../components/email-card.tsx";
import { PasskeysCard } from "../../components/passkeys-card.tsx";
import { SignInMethodsCard } from "../../components/sign-in-methods-card.tsx";
import { SignOutButton } from "../../components/sign-out-button.tsx";
import { SubmitButton } from "../../components/submit-button.tsx";
import { TwoStepCard } from "../../components/two-step-card.tsx";
import { UnavailablePage } from "../../components/unavailable-page.tsx";
import { auth } from "../../lib/auth.ts";
import { formFailure } from "../../lib/form-failure.ts";
import { requireSession } from "../../lib/session.ts";
import { describeSignInMethod, providerLabel } from "../../lib/sign-in-method.ts";
import { orUnavailable, UNAVAILABLE } from "../../lib/unavailable.ts";
import { revokeSessionAction, signOutEverywhereAction } from "./actions.ts";

export const metadata: Metadata = { title: "Account" };

const when = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

// What adding a passkey may fail with, in the words of the error table: the button runs in
// the browser, which should not load that table (it comes with database code).
const ADD_PASSKEY_FAILURES = Object.fromEntries(
  (["passkey_invalid", "invalid_request", "invalid_origin", "unavailable"] as const).map((code) => [
    code,
    formFailure(code).message,
  ]),
);

export default async function Account() {
  const loaded = await orUnavailable(async () => {
    const { user, session } = await requireSession("/account");
    const [sessions, email, twoStep, passkeys, methods] = await Promise.all([
      auth().listSessions(user.id),
      auth().accountEmail(user.id),
      auth().authenticatorStatus(user.id),
      auth().listPasskeys(user.id),
      auth().signInMethods(user.id),
    ]);
    return { user, current: session, sessions, email, twoStep, passkeys, methods };
  });
  if (loaded === UNAVAILABLE) return <UnavailablePage retry="/account" />;
  const { user, current, sessions, email, twoStep, passkeys, methods } = loaded;
  const providers = auth().signInProviders();

  // How the person confirms it is them before changing how the account signs in (the core's
  // rule): the password; without one, a code from the app; with neither, a recent sign-in.
  const confirmation: Confirmation = methods.password
    ? "password"
    : twoStep.enabled
      ? "code"
      : "recent-sign-in";

  return (
    <div className="stack account">
      <header className="page-header">
        <h1>Your account</h1>
        <p className="muted">
          Signed in as <strong>{user.username}</strong>.
        </p>
      </header>

      <section className="card stack" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Active sessions</h2>
        <p className="muted">Every place you are signed in. End any you do not recognise.</p>
        <ul className="sessions">
          {sessions.map((session) => {
            const isCurrent = session.id === current.id;
            return (
              <li key={session.id} className="session" data-current={isCurrent || undefined}>
                <div>
                  <p className="device">
                    {describeDevice(session.userAgent)}
                    {isCurrent && <span className="tag">This device</span>}
                  </p>
                  <p className="muted details">
                    {session.ip ?? "Unknown address"} · signed in {when.format(session.createdAt)}{" "}
                    UTC with {describeSignInMethod(session.method, providers)} · last seen{" "}
                    {when.format(session.lastVerifiedAt)} UTC
                  </p>
                </div>
                <form action={revokeSessionAction}>
                  <input type="hidden" name="sessionId" value={session.id} />
                  <SubmitButton className="button secondary" pendingLabel="Ending…">
                    {isCurrent ? "Sign out" : "End session"}
                  </SubmitButton>
                </form>
              </li>
            );
          })}
        </ul>
        <div className="actions">
          <form action={signOutEverywhereAction}>
            <SubmitButton className="button danger" pendingLabel="Signing out…">
              Sign out everywhere
            </SubmitButton>
          </form>
          <SignOutButton />
        </div>
      </section>

      <EmailCard username={user.username} email={email} />

      <TwoStepCard
        username={user.username}
        enabled={twoStep.enabled}
        recoveryCodesLeft={twoStep.recoveryCodesLeft}
      />

      <PasskeysCard
        username={user.username}
        passkeys={passkeys.map(({ id, name, createdAt, lastUsedAt }) => ({
          id,
          name,
          added: when.format(createdAt),
          lastUsed: lastUsedAt && when.format(lastUsedAt),
        }))}
        addFailures={ADD_PASSKEY_FAILURES}
      />

      <SignInMethodsCard
        username={user.username}
        password={methods.password}
        passkeys={methods.passkeys}
        // The core's rule for confirming it is the owner, so each form asks for what it needs.
        confirmation={confirmation}
        providers={providers}
        identities={methods.identities.map(
          ({ provider, subject, label, linkedAt, lastUsedAt }) => ({
            provider,
            providerLabel: providerLabel(providers, provider),
            subject,
            label,
            linked: when.format(linkedAt),
            lastUsed: lastUsedAt && when.format(lastUsedAt),
          }),
        )}
      />

      <section className="card stack" aria-labelledby="password-title">
        <h2 id="password-title">{methods.password ? "Change password" : "Set a password"}</h2>
        {!methods.password && (
          <p className="muted">
            This account has no password yet: you sign in through a provider or a passkey.
          </p>
        )}
        <ChangePasswordForm username={user.username} confirmation={confirmation} />
      </section>
    </div>
  );
}
