// Web's signed-in home page without the kit: the cookies are read (which makes the page
// dynamic, rendered per request, as web's is), the user is a constant, nothing is validated
// and no database is asked. The difference to web's GET / is what the kit adds.
import type { Metadata } from "next";
import { cookies } from "next/headers";

import { Badge } from "./badge.tsx";

export const metadata: Metadata = { title: "Home" };

const USER = { id: "floor-user", username: "bench-http" };

export default async function Home() {
  const store = await cookies();
  const user = store.has("session") ? USER : { ...USER, username: "guest" };
  return (
    <section className="card stack home">
      <h1>Hello, {user.username}</h1>
      <p className="muted">
        You signed in on the landing site and arrived here with the same session. Both apps check it
        against the database on every request.
      </p>
      <Badge username={user.username} />
      <div className="actions">
        <a className="button" href="/account">
          Sessions and password
        </a>
        <form method="post" action="/api/logout">
          <button className="button secondary" type="submit">
            Sign out
          </button>
        </form>
      </div>
    </section>
  );
}
