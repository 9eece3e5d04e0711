// The login page's "Sign in with a passkey": a passkey alone.
import { passkeyButton } from "./passkey-button.ts";

passkeyButton({
  selector: "[data-passkey]",
  optionsPath: "/api/passkey/options",
  answerPath: "/api/passkey/sign-in",
  failure: "Signing in with a passkey did not work. Try again, or use your password.",
});
