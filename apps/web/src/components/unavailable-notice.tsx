"use client";

/**
 * What a person sees when a page could not be rendered: almost always the database being
 * out of reach. It says so and nothing more — no detail of the error — and offers a retry.
 */
export function UnavailableNotice({ reset }: { reset: () => void }) {
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
