"use client";

import { useSyncExternalStore } from "react";

const subscribe = (): (() => void) => () => undefined;

/** Like web's session badge, a client component: empty on the server, shown in the browser. */
export function Badge({ username }: { username: string }) {
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  if (!inBrowser) return null;
  return (
    <p className="badge">
      Signed in as <strong>{username}</strong>
    </p>
  );
}
