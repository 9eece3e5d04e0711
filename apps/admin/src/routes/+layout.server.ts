import { env } from "#lib/server/env.ts";

import type { LayoutServerLoad } from "./$types";

// No client-side JavaScript: every page is HTML rendered on the server and every form is a
// plain form (SvelteKit form actions), so the CSP needs no nonce and `script-src 'self'` holds.
export const csr = false;

export const load: LayoutServerLoad = ({ locals, url }) => ({
  username: locals.user?.username ?? null,
  landingOrigin: env().landingOrigin,
  // Which section of the navigation is the current one.
  path: url.pathname,
});
