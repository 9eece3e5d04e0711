import { AUTH_ERROR_CODES } from "@monorepo-auth/auth/errors";
import type { Route } from "next";
import Link from "next/link";

/**
 * The unavailable notice as a page renders it on the server, when its own loading met the
 * database failing: the same words as the error boundary's, and a link to try again.
 */
export function UnavailablePage({ retry }: { retry: Route }) {
  return (
    <section className="card stack narrow" aria-labelledby="unavailable-title">
      <h1 id="unavailable-title">Temporarily unavailable</h1>
      <p className="alert" role="alert">
        {AUTH_ERROR_CODES.unavailable.message}
      </p>
      <Link className="button" href={retry}>
        Try again
      </Link>
    </section>
  );
}
