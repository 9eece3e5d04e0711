// The apps over HTTP, as production builds, under load from autocannon:
//   landing GET /login; web GET / signed in; web GET /api/me signed in; and the cost of
//   authentication: web GET /api/me signed in against the same route without a cookie,
//   which answers 401 without touching the database. Both apps run on free loopback ports
//   on one database of their own; the session comes from signing up through landing's
//   real endpoint, as a browser would.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { createDatabase } from "@monorepo-auth/db/database";
import { freePort, startApp, type AppServer } from "@monorepo-auth/testing/app-server";
import { postForm, request, sessionTokenFrom } from "@monorepo-auth/testing/http";

import { localDatabasePid } from "./cpu.ts";
import { benchEnv } from "./env.ts";
import { runLoad, type HttpMeasurement, type LoadOptions } from "./load.ts";
import { describeMachine } from "./machine.ts";
import { inRounds } from "./measure.ts";
import { compare, throughputRatio, writeReport, type Row } from "./report.ts";

export const LOGIN_PAGE = "GET /login";
export const HOME_SIGNED_IN = "GET / (signed in)";
export const ME_SIGNED_IN = "GET /api/me (signed in)";
export const ME_NO_COOKIE = "GET /api/me (no cookie)";
type RouteName =
  typeof LOGIN_PAGE | typeof HOME_SIGNED_IN | typeof ME_SIGNED_IN | typeof ME_NO_COOKIE;

/** CPU ms per request of the app, the database server and autocannon together. */
const cpuPerRequest = (m: HttpMeasurement): number =>
  m.serverCpuMs + (m.databaseCpuMs ?? 0) + m.loadGeneratorCpuMs;

/** Cores kept busy: CPU ms per request × requests per second. */
const coresBusy = (cpuMs: number, m: HttpMeasurement): number => (cpuMs * m.opsPerSecond) / 1000;

/** The measured cost of authentication per request, in words. */
function costOfAuthentication(signedIn: HttpMeasurement, noCookie: HttpMeasurement): string {
  const app = signedIn.serverCpuMs - noCookie.serverCpuMs;
  const database = (signedIn.databaseCpuMs ?? 0) - (noCookie.databaseCpuMs ?? 0);
  const appCores = (m: HttpMeasurement): string => coresBusy(m.serverCpuMs, m).toFixed(2);
  return [
    `Validating the session adds ${app.toFixed(2)} ms of the app's CPU (cookie, Mongoose, the driver, the kit's checks) and ${database.toFixed(2)} ms of the database server's to each request of ${ME_SIGNED_IN}.`,
    `The app's process keeps ${appCores(noCookie)} (no cookie) and ${appCores(signedIn)} (signed in) cores busy; a Node app runs its JavaScript on one thread, so near 1 core its requests per second are about 1000 / its CPU ms per request: ${noCookie.serverCpuMs.toFixed(2)} → ${signedIn.serverCpuMs.toFixed(2)} ms predicts ${(noCookie.serverCpuMs / signedIn.serverCpuMs).toFixed(2)}×; measured ${throughputRatio(signedIn, noCookie).toFixed(2)}×.`,
  ].join(" ");
}

const CONNECTIONS = 10;
const DURATION_MS = 10_000;
const ROUNDS = 3;
const WARM_UP_MS = 2_000;
const PASSWORD = "correct horse battery staple";

const BUILDS = [
  { app: "landing", file: "../../apps/landing/dist/server/entry.mjs" },
  { app: "web", file: "../../apps/web/.next/BUILD_ID" },
];
for (const { app, file } of BUILDS) {
  if (!existsSync(fileURLToPath(new URL(file, import.meta.url)))) {
    throw new Error(
      `${app} has no production build: run \`npm run build\` first (\`npm run bench\` does)`,
    );
  }
}

const { mongodbUri, databaseKind, outDir } = benchEnv();
const { cores } = describeMachine(databaseKind);
const dbName = `bench-http-${randomBytes(3).toString("hex")}`;
const landingPort = await freePort();
const webPort = await freePort();
const env = {
  MONGODB_URI: mongodbUri,
  MONGODB_DB_NAME: dbName,
  LANDING_URL: `http://127.0.0.1:${String(landingPort)}`,
  WEB_URL: `http://127.0.0.1:${String(webPort)}`,
};
console.log("starting landing and web (production builds)…");
const apps: AppServer[] = [];
try {
  const landing = await startApp("landing", { env, port: landingPort });
  apps.push(landing);
  const web = await startApp("web", { env, port: webPort });
  apps.push(web);

  const signUp = await postForm(`${landing.url}/api/signup`, {
    username: "bench-http",
    password: PASSWORD,
  });
  const token = sessionTokenFrom(signUp);
  if (signUp.status !== 303 || token === null) {
    throw new Error(`sign-up through landing failed: ${String(signUp.status)} ${signUp.body}`);
  }
  const cookie = { cookie: `session=${token}` };
  const routes: Record<
    RouteName,
    { app: AppServer; path: string; headers: Record<string, string>; expectStatus: number }
  > = {
    [LOGIN_PAGE]: { app: landing, path: "/login", headers: {}, expectStatus: 200 },
    [HOME_SIGNED_IN]: { app: web, path: "/", headers: cookie, expectStatus: 200 },
    [ME_SIGNED_IN]: { app: web, path: "/api/me", headers: cookie, expectStatus: 200 },
    [ME_NO_COOKIE]: { app: web, path: "/api/me", headers: {}, expectStatus: 401 },
  };
  // One request each first: a wrong status here is a broken set-up, not a slow app.
  for (const [name, route] of Object.entries(routes)) {
    const response = await request(`${route.app.url}${route.path}`, { headers: route.headers });
    if (response.status !== route.expectStatus) {
      throw new Error(
        `${name}: expected ${String(route.expectStatus)}, got ${String(response.status)}`,
      );
    }
  }

  const names = Object.keys(routes) as RouteName[];
  const databasePid = await localDatabasePid(mongodbUri);
  const load = (name: RouteName, durationMs: number): Promise<HttpMeasurement> => {
    const route = routes[name];
    const options: LoadOptions = { connections: CONNECTIONS, durationMs, databasePid };
    return runLoad(
      {
        url: `${route.app.url}${route.path}`,
        headers: route.headers,
        expectStatus: route.expectStatus,
        serverPid: route.app.pid,
      },
      options,
    );
  };
  for (const name of names) {
    console.log(`warming up ${name}…`);
    await load(name, WARM_UP_MS);
  }
  console.log(`${String(ROUNDS)} rounds of ${String(DURATION_MS / 1000)} s per route…`);
  const results = await inRounds(names, (name) => load(name, DURATION_MS), ROUNDS);

  const row = (name: RouteName): Row => ({
    benchmark: routes[name].app.name,
    contender: name,
    concurrency: CONNECTIONS,
    measurement: results[name],
    peakRssMiB: results[name].peakRssMiB,
  });
  const rows: Row[] = [
    row(LOGIN_PAGE),
    row(HOME_SIGNED_IN),
    {
      ...row(ME_SIGNED_IN),
      limit: ME_NO_COOKIE,
      targets: [{ against: ME_NO_COOKIE, atLeast: 0.7 }],
    },
    row(ME_NO_COOKIE),
  ];
  const cpuTable = [
    "| App | Route | App CPU ms | Database server CPU ms | autocannon CPU ms | Together | App cores busy | All cores busy |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...names.map((name) => {
      const m = results[name];
      const cells = [
        m.serverCpuMs.toFixed(2),
        m.databaseCpuMs === null ? "n/a" : m.databaseCpuMs.toFixed(2),
        m.loadGeneratorCpuMs.toFixed(2),
        cpuPerRequest(m).toFixed(2),
        coresBusy(m.serverCpuMs, m).toFixed(2),
        coresBusy(cpuPerRequest(m), m).toFixed(2),
      ];
      return `| ${routes[name].app.name} | ${name} | ${cells.join(" | ")} |`;
    }),
  ].join("\n");

  const markdown = await writeReport(outDir, {
    name: "http",
    title: "The apps over HTTP",
    machine: describeMachine(databaseKind),
    rows: compare(rows),
    labels: { benchmark: "App", throughput: "req/s", concurrency: "Connections" },
    method: `autocannon ${String(CONNECTIONS)} connections, ${String(DURATION_MS / 1000)} s per run; each figure is the median of ${String(ROUNDS)} runs per route, the routes alternating round by round, after an unrecorded warm-up run of ${String(WARM_UP_MS / 1000)} s each. Latency as autocannon reports it, in whole milliseconds. Peak RSS: the highest resident memory of the app's process (with any children) sampled from /proc every 100 ms during that route's runs; each app serves all its routes' runs in turn, so a route's peak includes what earlier runs left in the heap — read it as the app's footprint under load, not as the cost of one route.`,
    notes: [
      `Production builds (\`npm run build\`) started as \`npm start\` would (landing: Astro's Node adapter; web: \`next start\`), each on a free port on 127.0.0.1, on one fresh database. The session is a real one: signed up through landing's \`POST /api/signup\`.`,
      `"${ME_SIGNED_IN}" reads the cookie and validates the session (one database read); "${ME_NO_COOKIE}" finds no cookie and answers 401 at once, touching no database: the difference between the two is the cost of authentication. "${HOME_SIGNED_IN}" validates the session twice (in the proxy, to re-send a cookie whose expiry moved, and in the page, which never trusts the proxy) and renders the page with React.`,
      `autocannon runs in the benchmark's own Node process, on the same ${String(cores)} cores as the app and the database server: the figures are for the three together, not for the app alone. See the CPU time per request below.`,
      `Reproduce with \`npm run bench\` (or \`npm run bench -- http\`).`,
    ],
    sections: [
      {
        title: "CPU time per request",
        markdown: [
          `CPU time read from the kernel for the app's process, the database server's and this one's (autocannon) during each route's median run, divided by its requests. "Cores busy" is CPU time per request times requests per second, for the app alone and for all three (the machine has ${String(cores)}).`,
          "",
          cpuTable,
          "",
          costOfAuthentication(results[ME_SIGNED_IN], results[ME_NO_COOKIE]),
        ].join("\n"),
      },
    ],
  });
  console.log(`\n${markdown}`);
} finally {
  await Promise.allSettled(apps.map((app) => app.stop()));
  const database = createDatabase({ uri: mongodbUri, dbName });
  const { connection } = await database.models();
  await connection.dropDatabase();
  await database.close();
}
