/** A plain form: signing out works with JavaScript off, and it is always a POST. */
export function SignOutButton() {
  return (
    <form method="post" action="/api/logout">
      <button className="button secondary" type="submit">
        Sign out
      </button>
    </form>
  );
}
