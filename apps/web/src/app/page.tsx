import type { Metadata } from "next";
import Link from "next/link";

import { SessionBadge } from "../components/session-badge.tsx";
import { SignOutButton } from "../components/sign-out-button.tsx";
import { requireSession } from "../lib/session.ts";

export const metadata: Metadata = { title: "Home" };

export default async function Home() {
  const { user } = await requireSession("/");
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
