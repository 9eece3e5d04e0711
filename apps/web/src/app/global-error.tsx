"use client";

import "@monorepo-auth/design/tokens.css";
import "@monorepo-auth/design/base.css";
import "./web.css";

import { UnavailableNotice } from "../components/unavailable-notice.tsx";

// The last resort, when even the layout failed: a page of its own.
export default function GlobalError({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body>
        <main>
          <UnavailableNotice reset={reset} />
        </main>
      </body>
    </html>
  );
}
