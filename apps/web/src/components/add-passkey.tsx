"use client";

import { browserSupportsWebAuthn, startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore, type SubmitEvent } from "react";

type CreationOptions = Parameters<typeof startRegistration>[0]["optionsJSON"];

const NOT_ADDED = "The passkey was not added.";
const ALREADY_HERE = "This device has a passkey of your account already.";

const noSubscription = () => () => undefined;

/**
 * "Add a passkey": asks web for a challenge, lets the browser make a passkey (the person
 * unlocks the device), sends the answer back and refreshes the list. It needs JavaScript,
 * so until this component runs in the browser the page says so instead of offering it
 * (no inline script or style may do that: the CSP forbids them).
 */
export function AddPasskey({ failures }: { failures: Record<string, string> }) {
  const router = useRouter();
  // null on the server and while hydrating; afterwards whether the browser can do WebAuthn.
  const supported = useSyncExternalStore(noSubscription, browserSupportsWebAuthn, () => null);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [added, setAdded] = useState("");

  async function add(event: SubmitEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError("");
    setAdded("");
    try {
      const outcome = await addPasskey(name);
      if (outcome.status === "signed-out") {
        // The session ended meanwhile: the page sends the person to the login.
        window.location.reload();
        return;
      }
      if (outcome.status === "failed") {
        setError(failures[outcome.code] ?? NOT_ADDED);
        return;
      }
      setName("");
      setAdded(outcome.message);
      router.refresh();
    } catch (failure) {
      setError(
        failure instanceof Error && failure.name === "InvalidStateError" ? ALREADY_HERE : NOT_ADDED,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack add-passkey" onSubmit={(event) => void add(event)}>
      <p className="muted" hidden={supported !== null}>
        Adding a passkey needs JavaScript.
      </p>
      <p className="muted" hidden={supported !== false}>
        This browser cannot make passkeys.
      </p>
      <div className="alert" role="alert">
        {error}
      </div>
      <p className="notice" role="status" hidden={!added}>
        {added}
      </p>
      <div className="field" hidden={!supported}>
        <label htmlFor="passkey-new-name">Passkey name</label>
        <input
          id="passkey-new-name"
          name="name"
          type="text"
          autoComplete="off"
          maxLength={64}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
          }}
          aria-describedby="passkey-new-name-hint"
        />
        <span className="hint" id="passkey-new-name-hint">
          Optional: which device or password manager keeps it. Adding a passkey signs out every
          other session of yours.
        </span>
      </div>
      <button
        className="button"
        type="submit"
        hidden={!supported}
        disabled={!supported || busy}
        aria-busy={busy}
      >
        {busy ? "Adding…" : "Add a passkey"}
      </button>
    </form>
  );
}

type Outcome =
  | { status: "added"; message: string }
  | { status: "failed"; code: string }
  | { status: "signed-out" };

/** The ceremony itself; a refused or cancelled browser prompt throws. */
async function addPasskey(name: string): Promise<Outcome> {
  const started = await post("/api/passkeys/options", {});
  if (!started.ok) return refused(started);
  const { challengeId, options } = (await started.json()) as {
    challengeId: string;
    options: CreationOptions;
  };
  const response = await startRegistration({ optionsJSON: options });
  const done = await post("/api/passkeys", { challengeId, response, name });
  if (!done.ok) return refused(done);
  const answer = (await done.json()) as { passkey: { name: string }; endedSessions: number };
  const others =
    answer.endedSessions === 1
      ? "1 other session"
      : `${String(answer.endedSessions)} other sessions`;
  return { status: "added", message: `Passkey “${answer.passkey.name}” added. ${others} ended.` };
}

async function refused(response: Response): Promise<Outcome> {
  if (response.status === 401) return { status: "signed-out" };
  const body = (await response.json().catch(() => ({}))) as { error?: unknown };
  return { status: "failed", code: typeof body.error === "string" ? body.error : "" };
}

function post(path: string, body: unknown): Promise<Response> {
  return fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
    cache: "no-store",
  });
}
