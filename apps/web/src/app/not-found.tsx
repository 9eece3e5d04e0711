import Link from "next/link";

export default function NotFound() {
  return (
    <section className="card stack narrow">
      <h1>Nothing here</h1>
      <p className="muted">This page does not exist.</p>
      <Link href="/">Back to the start</Link>
    </section>
  );
}
