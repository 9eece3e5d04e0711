// The two-step page's "Use a passkey": one of the pending sign-in's own passkeys.
import { passkeyButton } from "./passkey-button.ts";

passkeyButton({
  selector: "[data-passkey-step]",
  optionsPath: "/api/passkey/second-step-options",
  answerPath: "/api/passkey/second-step",
  failure: "The passkey did not work. Try again, or log in again.",
});
