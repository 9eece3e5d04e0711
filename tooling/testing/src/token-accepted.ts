// Whether an app takes a session token, asked outside any browser. Each question has two
// answers that mean yes and no; anything else (a 503 while the database is away, a 500)
// says nothing about the token, and throws rather than pass for a no.
import { getAsClient } from "./client-request.ts";

/** Whether web takes the token: its `/api/me` answers 200, or 401 when it does not. */
export async function webAccepts(webUrl: string, token: string): Promise<boolean> {
  const result = await getAsClient(`${webUrl}/api/me`, { token });
  if (result.status === 200) return true;
  if (result.status === 401) return false;
  throw new Error(`web's GET /api/me answered ${String(result.status)}`);
}

/**
 * Whether landing takes the token: a signed-in visitor of `/login` is sent on (303), anyone
 * else is shown the form (200).
 */
export async function landingAccepts(landingUrl: string, token: string): Promise<boolean> {
  const result = await getAsClient(`${landingUrl}/login`, { token });
  if (result.status === 303) return true;
  if (result.status === 200) return false;
  throw new Error(`landing's GET /login answered ${String(result.status)}`);
}
