"use client";

// Any error while rendering a page: almost always the database being out of reach. The
// message says so and nothing more; the cookie is untouched and nobody is signed out.
export default function ErrorPage({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <section className="card stack narrow" aria-labelledby="error-title">
      <h1 id="error-title">Temporarily unavailable</h1>
      <p className="alert" role="alert">
        The service is temporarily unavailable. Please try again in a moment.
      </p>
      <button
        className="button"
        type="button"
        onClick={() => {
          reset();
        }}
      >
        Try again
      </button>
    </section>
  );
}
