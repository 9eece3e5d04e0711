// Turns on an authenticator app for a user of the test's apps, as the account page does:
// through the auth core, on the apps' database, with the key the test apps seal with.
import { createAuth } from "@monorepo-auth/auth/auth";
import { parseAuthSettings } from "@monorepo-auth/auth/config/environment";
import { TEST_ENCRYPTION_KEY } from "@monorepo-auth/testing/encryption-key";
import { authenticatorCode } from "@monorepo-auth/testing/totp";

import type { Landing } from "./landing.ts";

export interface Authenticator {
  secret: string;
  recoveryCodes: string[];
}

export async function enableAuthenticator(
  landing: Landing,
  user: { id: string; username: string },
): Promise<Authenticator> {
  const auth = createAuth({
    database: landing.database,
    settings: parseAuthSettings({
      MONGODB_URI: "mongodb://127.0.0.1:1/",
      LANDING_URL: landing.origin,
      WEB_URL: landing.webUrl,
      AUTH_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    }),
    onEvent: () => undefined,
  });
  const started = await auth.startAuthenticatorSetup(user);
  if (!started.ok) throw new Error(started.error);
  const confirmed = await auth.confirmAuthenticatorSetup({
    user,
    // The step before now: the tests' own first code (this step's) stays unused.
    code: authenticatorCode(started.secret, new Date(), -1),
    currentSessionId: "none",
    ip: null,
  });
  if (!confirmed.ok) throw new Error(confirmed.error);
  return { secret: started.secret, recoveryCodes: confirmed.recoveryCodes };
}
