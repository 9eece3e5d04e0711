import { ChangeEmailForm } from "./change-email-form.tsx";
import { ResendVerificationForm } from "./resend-verification-form.tsx";

export interface AccountEmail {
  address: string;
  verified: boolean;
}

/** The account's address, whether it is verified, and the forms that change or verify it. */
export function EmailCard({ username, email }: { username: string; email: AccountEmail | null }) {
  return (
    <section className="card stack" aria-labelledby="email-title">
      <h2 id="email-title">Email address</h2>
      {email ? (
        <>
          <p className="email-address">
            <strong>{email.address}</strong>
            {email.verified ? (
              <span className="tag">Verified</span>
            ) : (
              <span className="tag unverified">Not verified</span>
            )}
          </p>
          {!email.verified && (
            <>
              <p className="muted">
                We sent a link to this address. Until you follow it, it cannot be used to reset your
                password.
              </p>
              <ResendVerificationForm />
            </>
          )}
        </>
      ) : (
        <p className="muted">No email address. Add one to be able to reset a forgotten password.</p>
      )}
      <ChangeEmailForm username={username} hasAddress={email !== null} />
    </section>
  );
}
