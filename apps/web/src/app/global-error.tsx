"use client";

import "@monorepo-auth/design/tokens.css";
import "@monorepo-auth/design/base.css";

// The last resort, when even the layout failed: a page of its own, saying nothing of the error.
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
          <h1>Temporarily unavailable</h1>
          <p role="alert">The service is temporarily unavailable. Please try again in a moment.</p>
          <button
            className="button"
            type="button"
            onClick={() => {
              reset();
            }}
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
