"use client";

import { useEffect, useState } from "react";

export interface SessionState {
  status: "loading" | "authenticated" | "unauthenticated" | "unavailable";
  user: { id: string; username: string } | null;
}

/**
 * The signed-in user for client components, from GET /api/me. For showing, never for
 * deciding: the server validates the session on every request anyway.
 */
export function useSession(): SessionState {
  const [state, setState] = useState<SessionState>({ status: "loading", user: null });
  useEffect(() => {
    const controller = new AbortController();
    fetch("/api/me", { cache: "no-store", signal: controller.signal })
      .then(async (response) => {
        if (response.status === 401) {
          setState({ status: "unauthenticated", user: null });
          return;
        }
        if (!response.ok) {
          setState({ status: "unavailable", user: null });
          return;
        }
        const body = (await response.json()) as { user: { id: string; username: string } };
        setState({ status: "authenticated", user: body.user });
      })
      .catch(() => {
        if (!controller.signal.aborted) setState({ status: "unavailable", user: null });
      });
    return () => {
      controller.abort();
    };
  }, []);
  return state;
}
