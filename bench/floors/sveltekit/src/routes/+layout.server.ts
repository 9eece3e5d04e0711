import type { LayoutServerLoad } from "./$types";

// As in the admin console: no client-side JavaScript, every page rendered on the server.
export const csr = false;

export const load: LayoutServerLoad = ({ url }) => ({
  username: "bench-admin",
  path: url.pathname,
});
