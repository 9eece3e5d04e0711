// The login page's "Sign in with a passkey": asks landing for a challenge, lets the browser
// find a passkey of this site (the person picks one and unlocks it), sends the answer back,
// and follows where the session leads. Shown only where the browser can do WebAuthn.
import { browserSupportsWebAuthn, startAuthentication } from "@simplewebauthn/browser";

import { postJson } from "./post-json.ts";

const section = document.querySelector<HTMLElement>("[data-passkey]");
const button = section?.querySelector<HTMLButtonElement>("button");
const status = section?.querySelector<HTMLElement>("[role=alert]");

async function signIn(): Promise<void> {
  if (!button || !status) return;
  button.disabled = true;
  status.textContent = "";
  try {
    const started = await postJson("/api/passkey/options", {});
    if (!started.ok) throw new Error("options");
    const { challengeId, options } = (await started.json()) as {
      challengeId: string;
      options: Parameters<typeof startAuthentication>[0]["optionsJSON"];
    };
    const response = await startAuthentication({ optionsJSON: options });
    const returnTo = new URLSearchParams(location.search).get("returnTo");
    const done = await postJson("/api/passkey/sign-in", { challengeId, response, returnTo });
    const answer = (await done.json()) as { redirect?: string; error?: string };
    if (!done.ok || !answer.redirect) throw new Error(answer.error ?? "sign-in");
    location.assign(answer.redirect);
  } catch {
    status.textContent = "Signing in with a passkey did not work. Try again, or use your password.";
    button.disabled = false;
  }
}

if (section && button && browserSupportsWebAuthn()) {
  section.hidden = false;
  button.addEventListener("click", () => void signIn());
}
