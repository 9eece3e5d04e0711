import type { Metadata } from "next";
import Link from "next/link";

import { SessionBadge } from "../components/session-badge.tsx";
import { SignOutButton } from "../components/sign-out-button.tsx";
import { UnavailablePage } from "../components/unavailable-page.tsx";
import { requireSession } from "../lib/session.ts";
import { orUnavailable, UNAVAILABLE } from "../lib/unavailable.ts";

export const metadata: Metadata = { title: "Home" };

export default async function Home() {
  const signedIn = await orUnavailable(() => requireSession("/"));
  if (signedIn === UNAVAILABLE) return <UnavailablePage retry="/" />;
  const { user } = signedIn;
  return (
    <section className="card stack home">
      <h1>Hello, {user.username}</h1>
      <p className="muted">
        You signed in on the landing site and arrived here with the same session. Both apps check it
        against the database on every request.
      </p>
      <SessionBadge />
      <div className="actions">
        <Link className="button" href="/account">
          Sessions and password
        </Link>
        <SignOutButton />
      </div>
    </section>
  );
}
