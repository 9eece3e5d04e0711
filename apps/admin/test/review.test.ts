// The status policy server.ts applies once SvelteKit has answered: a request during which the
// database failed is a 503 with Retry-After — whatever page SvelteKit rendered — unless it
// was a redirect or a refusal, which stand.
import { describe, expect, it } from "vitest";

import { reviewStatus } from "../src/lib/server/review.ts";

describe("reviewStatus", () => {
  it("leaves every answer alone while the database did not fail", () => {
    for (const status of [200, 303, 403, 404, 500, 503]) {
      expect(reviewStatus({ databaseFailed: false }, status), String(status)).toBeNull();
    }
  });

  it("turns a page that caught the failure (2xx) and an error page (5xx) into 503 + Retry-After", () => {
    for (const status of [200, 204, 500, 502, 503]) {
      const answer = reviewStatus({ databaseFailed: true }, status);
      expect(answer, String(status)).toEqual({
        status: 503,
        headers: { "Retry-After": expect.stringMatching(/^[1-9]\d*$/) as unknown },
        // SvelteKit's own page is kept: it says "temporarily unavailable" or nothing of the cause.
        body: null,
      });
    }
  });

  it("keeps redirects and refusals: a failed database is no reason to change them", () => {
    for (const status of [303, 400, 403, 404, 405]) {
      expect(reviewStatus({ databaseFailed: true }, status), String(status)).toBeNull();
    }
  });
});
