// The apps over HTTP, as production builds, under load from autocannon:
//   landing GET /login; web GET / signed in; web GET /api/me signed in; the admin console's
//   user directory signed in as an administrator; and the cost of authentication: web GET
//   /api/me signed in against the same route without a cookie, which answers 401 without
//   touching the database. The apps run on free loopback ports on one database of their
//   own; the session comes from signing up through landing's real endpoint, as a browser
//   would. Beside them, each framework's floor (bench/floors: the same framework, versions
//   and adapter serving a page like the app's, with no kit and no database) in the same
//   rounds: each app's page is given as a ratio to its floor's, in requests per second and
//   in peak memory. Last, each app and its floor again in a small container's heap
//   (NODE_OPTIONS caps, bench/src/http-capped.ts), against uncapped runs made the same way.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { createDatabase } from "@monorepo-auth/db/database";
import { grantAdmin } from "@monorepo-auth/testing/admin-role";
import { freePort, startApp, type AppName } from "@monorepo-auth/testing/app-server";
import { postForm, request, sessionTokenFrom } from "@monorepo-auth/testing/http";

import { localDatabasePid } from "./cpu.ts";
import {
  CAPPED_TIMING,
  CAPS,
  SMALL_CONTAINER_METHOD,
  smallContainerTable,
  UNCAPPED,
  type CappedRun,
} from "./http-capped.ts";
import { benchEnv } from "./env.ts";
import { checkFloorBuilds, startFloor, type FloorName } from "./floors.ts";
import { runLoad, type HttpMeasurement, type LoadOptions } from "./load.ts";
import { describeMachine } from "./machine.ts";
import { inRounds } from "./measure.ts";
import { compare, formatRatio, throughputRatio, writeReport, type Row } from "./report.ts";

export const LOGIN_PAGE = "GET /login";
export const HOME_SIGNED_IN = "GET / (signed in)";
export const ME_SIGNED_IN = "GET /api/me (signed in)";
export const ME_NO_COOKIE = "GET /api/me (no cookie)";
export const DIRECTORY = "GET / (administrator)";
export const FLOOR_ASTRO = "floor: Astro GET /login";
export const FLOOR_NEXT = "floor: Next GET / (constant user)";
export const FLOOR_SVELTEKIT = "floor: SvelteKit GET /";
type RouteName =
  | typeof LOGIN_PAGE
  | typeof HOME_SIGNED_IN
  | typeof ME_SIGNED_IN
  | typeof ME_NO_COOKIE
  | typeof DIRECTORY
  | typeof FLOOR_ASTRO
  | typeof FLOOR_NEXT
  | typeof FLOOR_SVELTEKIT;

/** A server under load: one of the kit's apps, or a framework's floor. */
interface Server {
  /** The app's name, or "floor" (the App column of the tables). */
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

interface Route {
  server: Server;
  path: string;
  headers: Record<string, string>;
  expectStatus: number;
}

/** Each app's page and the floor of its framework, with the targets for the pair. */
const PAIRS = [
  { app: "landing", route: LOGIN_PAGE, floor: FLOOR_ASTRO, framework: "Astro", atLeast: 0.85 },
  { app: "web", route: HOME_SIGNED_IN, floor: FLOOR_NEXT, framework: "Next", atLeast: 0.7 },
  { app: "admin", route: DIRECTORY, floor: FLOOR_SVELTEKIT, framework: "SvelteKit", atLeast: null },
] as const;
const FLOORS: Record<(typeof PAIRS)[number]["floor"], { name: FloorName; path: string }> = {
  [FLOOR_ASTRO]: { name: "astro", path: "/login" },
  [FLOOR_NEXT]: { name: "next", path: "/" },
  [FLOOR_SVELTEKIT]: { name: "sveltekit", path: "/" },
};
/** An app's peak memory under load may be this many times its floor's at most. */
const RSS_TARGET = 1.2;

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
/** Users besides the administrator: the directory shows 20 to a page, like the floor's. */
const OTHER_USERS = 19;

const BUILDS = [
  { app: "landing", file: "../../apps/landing/dist/server/entry.mjs" },
  { app: "web", file: "../../apps/web/.next/BUILD_ID" },
  { app: "admin", file: "../../apps/admin/build/handler.js" },
];
for (const { app, file } of BUILDS) {
  if (!existsSync(fileURLToPath(new URL(file, import.meta.url)))) {
    throw new Error(
      `${app} has no production build: run \`npm run build\` first (\`npm run bench\` does)`,
    );
  }
}
checkFloorBuilds();

const { mongodbUri, databaseKind, outDir } = benchEnv();
const { cores } = describeMachine(databaseKind);
const dbName = `bench-http-${randomBytes(3).toString("hex")}`;
const ports: Record<AppName, number> = {
  landing: await freePort(),
  web: await freePort(),
  admin: await freePort(),
};
const origin = (app: AppName): string => `http://127.0.0.1:${String(ports[app])}`;
const env = {
  MONGODB_URI: mongodbUri,
  MONGODB_DB_NAME: dbName,
  LANDING_URL: origin("landing"),
  WEB_URL: origin("web"),
  ADMIN_URL: origin("admin"),
  AUTH_APP_ORIGINS: origin("admin"),
  // Twenty sign-ups from one address: more than a real address's budget.
  IP_ATTEMPT_LIMIT: "1000",
};
const running: Server[] = [];

/** The three apps and the three floors, each started with `extraEnv` (e.g. NODE_OPTIONS). */
async function startServers(extraEnv: Record<string, string>) {
  const app = async (name: AppName): Promise<Server> => {
    const server = await startApp(name, { env: { ...env, ...extraEnv }, port: ports[name] });
    running.push(server);
    return server;
  };
  const floor = async (name: FloorName, path: string): Promise<Server> => {
    const server = await startFloor(name, path, extraEnv);
    running.push(server);
    return { ...server, name: "floor" };
  };
  return {
    landing: await app("landing"),
    web: await app("web"),
    admin: await app("admin"),
    floors: {
      [FLOOR_ASTRO]: await floor(FLOORS[FLOOR_ASTRO].name, FLOORS[FLOOR_ASTRO].path),
      [FLOOR_NEXT]: await floor(FLOORS[FLOOR_NEXT].name, FLOORS[FLOOR_NEXT].path),
      [FLOOR_SVELTEKIT]: await floor(FLOORS[FLOOR_SVELTEKIT].name, FLOORS[FLOOR_SVELTEKIT].path),
    },
  };
}

async function stopServers(): Promise<void> {
  await Promise.allSettled(running.splice(0).map((server) => server.stop()));
}

/** One request to each route first: a wrong status is a broken set-up, not a slow app. */
async function checkRoutes(routes: Partial<Record<RouteName, Route>>) {
  const bytes: Partial<Record<RouteName, number>> = {};
  for (const [name, route] of Object.entries(routes) as [RouteName, Route][]) {
    const response = await request(`${route.server.url}${route.path}`, {
      headers: route.headers,
    });
    if (response.status !== route.expectStatus) {
      throw new Error(
        `${name}: expected ${String(route.expectStatus)}, got ${String(response.status)}`,
      );
    }
    bytes[name] = Buffer.byteLength(response.body);
  }
  return bytes;
}

/** The highest RSS seen of each server (by pid) over all its runs, warm-ups included. */
const peaks = new Map<number, number>();

function loader(routes: Partial<Record<RouteName, Route>>, databasePid: number | null) {
  return async (name: RouteName, durationMs: number): Promise<HttpMeasurement> => {
    const route = routes[name];
    if (!route) throw new Error(`no route ${name}`);
    const options: LoadOptions = { connections: CONNECTIONS, durationMs, databasePid };
    const measurement = await runLoad(
      {
        url: `${route.server.url}${route.path}`,
        headers: route.headers,
        expectStatus: route.expectStatus,
        serverPid: route.server.pid,
      },
      options,
    );
    const pid = route.server.pid;
    peaks.set(pid, Math.max(peaks.get(pid) ?? 0, measurement.peakRssMiB));
    return measurement;
  };
}

async function measureInRounds(
  routes: Partial<Record<RouteName, Route>>,
  databasePid: number | null,
  timing: { warmUpMs: number; durationMs: number; rounds: number },
): Promise<Partial<Record<RouteName, HttpMeasurement>>> {
  const load = loader(routes, databasePid);
  const names = Object.keys(routes) as RouteName[];
  for (const name of names) {
    console.log(`warming up ${name}…`);
    await load(name, timing.warmUpMs);
  }
  console.log(
    `${String(timing.rounds)} rounds of ${String(timing.durationMs / 1000)} s per route…`,
  );
  return inRounds(names, (name) => load(name, timing.durationMs), timing.rounds);
}

const mustHave = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`no ${what}`);
  return value;
};

console.log("starting landing, web, admin and the three floors (production builds)…");
try {
  const servers = await startServers({});
  const { landing } = servers;
  const users = [
    "bench-http",
    ...Array.from({ length: OTHER_USERS }, (_, i) => `bench-user-${String(i).padStart(2, "0")}`),
  ];
  for (const username of users) {
    const signUp = await postForm(`${landing.url}/api/signup`, { username, password: PASSWORD });
    if (signUp.status !== 303) {
      throw new Error(`sign-up through landing failed: ${String(signUp.status)} ${signUp.body}`);
    }
  }
  // The administrator is made as in production, by `npm run admin -- grant`; then signs in.
  await grantAdmin({ dbName, uri: mongodbUri }, "bench-http");
  const logIn = await postForm(`${landing.url}/api/login`, {
    username: "bench-http",
    password: PASSWORD,
  });
  const token = sessionTokenFrom(logIn);
  if (logIn.status !== 303 || token === null) {
    throw new Error(`login through landing failed: ${String(logIn.status)} ${logIn.body}`);
  }
  const cookie = { cookie: `session=${token}` };
  const pageRoutes = (
    s: typeof servers,
  ): Record<(typeof PAIRS)[number]["route" | "floor"], Route> => ({
    [LOGIN_PAGE]: { server: s.landing, path: "/login", headers: {}, expectStatus: 200 },
    [FLOOR_ASTRO]: {
      server: s.floors[FLOOR_ASTRO],
      path: "/login",
      headers: {},
      expectStatus: 200,
    },
    [HOME_SIGNED_IN]: { server: s.web, path: "/", headers: cookie, expectStatus: 200 },
    [FLOOR_NEXT]: { server: s.floors[FLOOR_NEXT], path: "/", headers: cookie, expectStatus: 200 },
    [DIRECTORY]: { server: s.admin, path: "/", headers: cookie, expectStatus: 200 },
    [FLOOR_SVELTEKIT]: {
      server: s.floors[FLOOR_SVELTEKIT],
      path: "/",
      headers: cookie,
      expectStatus: 200,
    },
  });
  const routes: Record<RouteName, Route> = {
    ...pageRoutes(servers),
    [ME_SIGNED_IN]: { server: servers.web, path: "/api/me", headers: cookie, expectStatus: 200 },
    [ME_NO_COOKIE]: { server: servers.web, path: "/api/me", headers: {}, expectStatus: 401 },
  };
  const bytes = await checkRoutes(routes);
  const databasePid = await localDatabasePid(mongodbUri);
  const results = await measureInRounds(routes, databasePid, {
    warmUpMs: WARM_UP_MS,
    durationMs: DURATION_MS,
    rounds: ROUNDS,
  });
  const result = (name: RouteName): HttpMeasurement => mustHave(results[name], `run of ${name}`);
  const peakOf = (name: RouteName): number => peaks.get(routes[name].server.pid) ?? Number.NaN;

  // The small container: every server stopped, then started again with V8's heap capped.
  const cappedRuns: CappedRun<RouteName>[] = [];
  for (const nodeOptions of [UNCAPPED, ...CAPS]) {
    await stopServers();
    console.log(`starting them again with NODE_OPTIONS="${nodeOptions}"…`);
    const cappedRoutes = pageRoutes(await startServers({ NODE_OPTIONS: nodeOptions }));
    await checkRoutes(cappedRoutes);
    const cappedResults = await measureInRounds(cappedRoutes, databasePid, CAPPED_TIMING);
    for (const name of PAIRS.flatMap((pair) => [pair.route, pair.floor])) {
      cappedRuns.push({
        nodeOptions,
        name,
        measurement: mustHave(cappedResults[name], `capped run of ${name}`),
        peakRssMiB: peaks.get(cappedRoutes[name].server.pid) ?? Number.NaN,
      });
    }
  }

  const row = (name: RouteName, extra: Partial<Row> = {}): Row => ({
    benchmark: routes[name].server.name,
    contender: name,
    concurrency: CONNECTIONS,
    measurement: result(name),
    peakRssMiB: result(name).peakRssMiB,
    ...extra,
  });
  const rows: Row[] = [
    ...PAIRS.flatMap((pair) => [
      row(pair.route, {
        limit: pair.floor,
        ...(pair.atLeast === null
          ? {}
          : { targets: [{ against: pair.floor, atLeast: pair.atLeast }] }),
      }),
      row(pair.floor),
    ]),
    row(ME_SIGNED_IN, { limit: ME_NO_COOKIE, targets: [{ against: ME_NO_COOKIE, atLeast: 0.75 }] }),
    row(ME_NO_COOKIE),
  ];
  const names = rows.map((r) => r.contender as RouteName);
  const cpuTable = [
    "| App | Route | App CPU ms | Database server CPU ms | autocannon CPU ms | Together | App cores busy | All cores busy |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...names.map((name) => {
      const m = result(name);
      const cells = [
        m.serverCpuMs.toFixed(2),
        m.databaseCpuMs === null ? "n/a" : m.databaseCpuMs.toFixed(2),
        m.loadGeneratorCpuMs.toFixed(2),
        cpuPerRequest(m).toFixed(2),
        coresBusy(m.serverCpuMs, m).toFixed(2),
        coresBusy(cpuPerRequest(m), m).toFixed(2),
      ];
      return `| ${routes[name].server.name} | ${name} | ${cells.join(" | ")} |`;
    }),
  ].join("\n");

  const floorTable = [
    "| App | Page | HTML bytes | Floor | HTML bytes | req/s | Floor req/s | Ratio | Target | App CPU ms | Floor CPU ms |",
    "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ...PAIRS.map((pair) => {
      const app = result(pair.route);
      const floor = result(pair.floor);
      const ratio = throughputRatio(app, floor);
      const target =
        pair.atLeast === null
          ? "none set"
          : `≥ ${formatRatio(pair.atLeast)} ${ratio >= pair.atLeast ? "✅" : "❌"}`;
      return `| ${pair.app} | ${pair.route} | ${String(bytes[pair.route] ?? 0)} | ${pair.floor} | ${String(bytes[pair.floor] ?? 0)} | ${app.opsPerSecond.toFixed(0)} | ${floor.opsPerSecond.toFixed(0)} | ${formatRatio(ratio)} | ${target} | ${app.serverCpuMs.toFixed(2)} | ${floor.serverCpuMs.toFixed(2)} |`;
    }),
  ].join("\n");

  const rssTable = [
    `| App | Peak RSS MiB | Floor | Peak RSS MiB | Ratio | Target ≤ ${formatRatio(RSS_TARGET)} |`,
    "| --- | ---: | --- | ---: | ---: | --- |",
    ...PAIRS.map((pair) => {
      const app = peakOf(pair.route);
      const floor = peakOf(pair.floor);
      const ratio = app / floor;
      return `| ${pair.app} | ${app.toFixed(0)} | ${pair.floor} | ${floor.toFixed(0)} | ${formatRatio(ratio)} | ${ratio <= RSS_TARGET ? "✅" : "❌"} |`;
    }),
  ].join("\n");

  const cappedTable = smallContainerTable(cappedRuns, (name) => routes[name].server.name);

  const markdown = await writeReport(outDir, {
    name: "http",
    title: "The apps over HTTP",
    machine: describeMachine(databaseKind),
    rows: compare(rows),
    labels: { benchmark: "App", throughput: "req/s", concurrency: "Connections" },
    method: `autocannon ${String(CONNECTIONS)} connections, ${String(DURATION_MS / 1000)} s per run; each figure is the median of ${String(ROUNDS)} runs per route, the routes (the apps' and the floors') alternating round by round, after an unrecorded warm-up run of ${String(WARM_UP_MS / 1000)} s each. Latency as autocannon reports it, in whole milliseconds. Peak RSS in the table: the highest resident memory of the server's process (with any children) sampled from /proc every 100 ms during that route's median run; each app serves all its routes' runs in turn, so a route's peak includes what earlier runs left in the heap — read it as the app's footprint under load, not as the cost of one route.`,
    notes: [
      `Production builds (\`npm run build\`) started as \`npm start\` would (landing: Astro's Node adapter; web: \`next start\`; admin: SvelteKit's Node adapter), each on a free port on 127.0.0.1, on one fresh database. The session is a real one: ${String(users.length)} people signed up through landing's \`POST /api/signup\`, the first made an administrator by \`npm run admin -- grant\` and then logged in through \`POST /api/login\`; every signed-in route sends that session.`,
      `"${ME_SIGNED_IN}" reads the cookie and validates the session (one database read); "${ME_NO_COOKIE}" finds no cookie and answers 401 at once, touching no database: the difference between the two is the cost of authentication. "${HOME_SIGNED_IN}" validates the session once, in the proxy (which re-sends a cookie whose expiry moved), hands that validation to the page in the server's memory, and renders the page with React. "${DIRECTORY}" validates the session, reads the administrator and lists the first page of users (20) with their session counts.`,
      `The floors (bench/floors) are a bare app of each framework, with the versions and adapters of the apps, serving one page of about the markup of the app's and nothing else: no kit, no database, no server of the kit around the adapter (its security headers, its 503 on outages). Astro and SvelteKit run their Node adapter's own standalone server, Next runs \`next start\`. The floor's Next page reads \`cookies()\` and greets a constant user. The distance from an app to its floor is what the kit and the app's own code cost on that page.`,
      `autocannon runs in the benchmark's own Node process, on the same ${String(cores)} cores as the app and the database server: the figures are for the three together, not for the app alone. See the CPU time per request below.`,
      `Reproduce with \`npm run bench\` (or \`npm run bench -- http\`).`,
    ],
    sections: [
      {
        title: "The apps against their frameworks' floors",
        markdown: [
          "Each app's page against the same page on a bare app of its framework, measured in the same rounds (the ratio is the median of the per-round ratios). HTML bytes: the body of one response, as the load generator gets it. CPU ms: the server's CPU time per request in its median run.",
          "",
          floorTable,
        ].join("\n"),
      },
      {
        title: "Peak memory against the floors",
        markdown: [
          `The highest resident memory of each server's process (with any children) over all its runs, warm-ups included, against its framework's floor's. An app serves all its routes in turn (web serves ${HOME_SIGNED_IN}, ${ME_SIGNED_IN} and ${ME_NO_COOKIE}), a floor only its page; the app also holds the kit, Mongoose and its connection pool.`,
          "",
          rssTable,
        ].join("\n"),
      },
      {
        title: "In a small container",
        markdown: [SMALL_CONTAINER_METHOD, "", cappedTable].join("\n"),
      },
      {
        title: "CPU time per request",
        markdown: [
          `CPU time read from the kernel for the server's process, the database server's and this one's (autocannon) during each route's median run, divided by its requests. "Cores busy" is CPU time per request times requests per second, for the server alone and for all three (the machine has ${String(cores)}).`,
          "",
          cpuTable,
          "",
          costOfAuthentication(result(ME_SIGNED_IN), result(ME_NO_COOKIE)),
        ].join("\n"),
      },
    ],
  });
  console.log(`\n${markdown}`);
} finally {
  await stopServers();
  const database = createDatabase({ uri: mongodbUri, dbName });
  const { connection } = await database.models();
  await connection.dropDatabase();
  await database.close();
}
