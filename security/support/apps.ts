import {
  freePort,
  startApp,
  type AppName,
  type AppServer,
} from "@monorepo-auth/testing/app-server";
import { postForm, request, sessionTokenFrom } from "@monorepo-auth/testing/http";

export const PASSWORD = "correct horse 7";

/** The public URLs of a landing and a web app, fixed before either starts. */
export async function appUrls(): Promise<{ LANDING_URL: string; WEB_URL: string }> {
  const [landingPort, webPort] = await Promise.all([freePort(), freePort()]);
  return {
    LANDING_URL: `http://127.0.0.1:${String(landingPort)}`,
    WEB_URL: `http://127.0.0.1:${String(webPort)}`,
  };
}

/** Starts an app on the port its URL names. */
export function startOn(
  name: AppName,
  url: string,
  env: Record<string, string>,
): Promise<AppServer> {
  return startApp(name, { env, port: Number(new URL(url).port) });
}

/** Signs a new user up on landing and returns the session token (throws on any other outcome). */
export async function signUp(
  landingUrl: string,
  username: string,
  headers: Record<string, string> = {},
) {
  const result = await postForm(
    `${landingUrl}/api/signup`,
    { username, password: PASSWORD },
    { headers },
  );
  const token = sessionTokenFrom(result);
  if (result.status !== 303 || !token) {
    throw new Error(`sign-up of ${username} answered ${String(result.status)}`);
  }
  return token;
}

/** Whether web takes the token: /api/me answers 200. */
export async function webAccepts(webUrl: string, token: string): Promise<boolean> {
  return (await request(`${webUrl}/api/me`, { cookie: `session=${token}` })).status === 200;
}

/** Whether landing takes the token: a signed-in visitor of /login is sent on to the web app. */
export async function landingAccepts(landingUrl: string, token: string): Promise<boolean> {
  return (await request(`${landingUrl}/login`, { cookie: `session=${token}` })).status === 303;
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export async function residentMib(pid: number): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const status = await readFile(`/proc/${String(pid)}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/** Whether a process is still running. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
