// The two-step page's "Use a passkey": a challenge for the pending sign-in's own passkeys,
// the browser's answer, and on to where the session leads.
import { browserSupportsWebAuthn, startAuthentication } from "@simplewebauthn/browser";

import { postJson } from "./post-json.ts";

const section = document.querySelector<HTMLElement>("[data-passkey-step]");
const button = section?.querySelector<HTMLButtonElement>("button");
const status = section?.querySelector<HTMLElement>("[role=alert]");

async function usePasskey(): Promise<void> {
  if (!button || !status) return;
  button.disabled = true;
  status.textContent = "";
  try {
    const started = await postJson("/api/passkey/second-step-options", {});
    if (!started.ok) throw new Error("options");
    const { challengeId, options } = (await started.json()) as {
      challengeId: string;
      options: Parameters<typeof startAuthentication>[0]["optionsJSON"];
    };
    const response = await startAuthentication({ optionsJSON: options });
    const returnTo = new URLSearchParams(location.search).get("returnTo");
    const done = await postJson("/api/passkey/second-step", { challengeId, response, returnTo });
    const answer = (await done.json()) as { redirect?: string; error?: string };
    if (!done.ok || !answer.redirect) throw new Error(answer.error ?? "second step");
    location.assign(answer.redirect);
  } catch {
    status.textContent = "The passkey did not work. Try again, or log in again.";
    button.disabled = false;
  }
}

if (section && button && browserSupportsWebAuthn()) {
  section.hidden = false;
  button.addEventListener("click", () => void usePasskey());
}
