/** Where the admin console listens under `npm run dev` and `npm start` unless told otherwise. */
export const LOCAL_ADMIN_URL = "http://localhost:5173";

/**
 * AUTH_APP_ORIGINS as every app started together must see it: the value given, else the
 * admin console's own origin (ADMIN_URL, or its local default). The apps accept forms from,
 * and send people back to, only the origins listed, and the admin console refuses to start
 * unless its own is one of them; all of them read this one value.
 */
export function appOrigins(env: Readonly<Record<string, string | undefined>>): string {
  // Empty counts as unset, as the apps read it.
  const given = (name: string): string | undefined => (env[name] === "" ? undefined : env[name]);
  return given("AUTH_APP_ORIGINS") ?? given("ADMIN_URL") ?? LOCAL_ADMIN_URL;
}
