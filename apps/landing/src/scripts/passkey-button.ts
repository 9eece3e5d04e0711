// A page's passkey button: asks landing for a challenge, lets the browser find a passkey
// of this site (the person picks one and unlocks it), sends the answer back, and follows
// where the session leads. Shown only where the browser can do WebAuthn.
import { browserSupportsWebAuthn, startAuthentication } from "@simplewebauthn/browser";

async function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
}

export function passkeyButton(setup: {
  /** The element holding the button and its `role=alert` line; hidden until this runs. */
  selector: string;
  optionsPath: string;
  answerPath: string;
  failure: string;
}): void {
  const section = document.querySelector<HTMLElement>(setup.selector);
  const button = section?.querySelector<HTMLButtonElement>("button");
  const status = section?.querySelector<HTMLElement>("[role=alert]");
  if (!section || !button || !status || !browserSupportsWebAuthn()) return;

  async function run(target: HTMLButtonElement, line: HTMLElement): Promise<void> {
    target.disabled = true;
    line.textContent = "";
    try {
      const started = await postJson(setup.optionsPath, {});
      if (!started.ok) throw new Error("options");
      const { challengeId, options } = (await started.json()) as {
        challengeId: string;
        options: Parameters<typeof startAuthentication>[0]["optionsJSON"];
      };
      const response = await startAuthentication({ optionsJSON: options });
      const returnTo = new URLSearchParams(location.search).get("returnTo");
      const done = await postJson(setup.answerPath, { challengeId, response, returnTo });
      const answer = (await done.json()) as { redirect?: string; error?: string };
      if (!done.ok || !answer.redirect) throw new Error(answer.error ?? "passkey");
      location.assign(answer.redirect);
    } catch {
      line.textContent = setup.failure;
      target.disabled = false;
    }
  }

  section.hidden = false;
  button.addEventListener("click", () => void run(button, status));
}
