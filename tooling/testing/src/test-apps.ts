// The apps a test talks to: any of them, started from their production builds on one fresh
// database of the test's own, each knowing every app's public URL.
import { createDatabase, type Database } from "@monorepo-auth/db/database";

import { freePort, startApp, type AppName, type AppServer } from "./app-server.ts";
import { TEST_ENCRYPTION_KEY } from "./encryption-key.ts";
import { testAppMailEnv } from "./env.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

/** The setting that gives an app's public URL to every app, for each app there is. */
const URL_VARIABLES: Readonly<Record<AppName, string>> = {
  landing: "LANDING_URL",
  web: "WEB_URL",
  admin: "ADMIN_URL",
};

const APP_NAMES = Object.keys(URL_VARIABLES) as AppName[];

export interface StartTestAppsOptions<N extends AppName> {
  /**
   * Settings of every app started, on top of the database's and the apps' URLs. An app's
   * URL given here (LANDING_URL…) is its public origin, whatever port it listens on; by
   * default that is http://127.0.0.1:<its port>, and an app not started gets a port where
   * nothing listens.
   */
  env?: Record<string, string>;
  /** Settings of one app only, on top of `env`. */
  appEnv?: Partial<Record<N, Record<string, string>>>;
  /** Where the apps find the database (a proxy's URI, say); the test's server by default. */
  mongodbUri?: string;
  /** The port an app listens on; a free one by default. */
  ports?: Partial<Record<N, number>>;
}

/** The apps started, by name, and what they share. */
export type TestApps<N extends AppName> = Readonly<Record<N, AppServer>> & {
  /** Every app's public origin as the apps know it (LANDING_URL, WEB_URL), started or not. */
  readonly origins: Readonly<Record<AppName, string>>;
  readonly test: TestDatabase;
  /** The test's own connection to the apps' database: direct, never through a proxy. */
  readonly database: Database;
  /**
   * Starts one more process of an app, with its settings, on a free port: a second
   * instance behind the same public URL, as behind a load balancer. Stopped with the rest.
   */
  startInstance(name: N): Promise<AppServer>;
  /** Stops the apps started by name and starts each again, same settings, same port. */
  restart(): Promise<void>;
  /** Stops every process, closes the test's connection and drops the database. */
  stop(): Promise<void>;
};

/** Anything that holds the test's own connection to the database, such as the test apps. */
export type WithDatabase = Pick<TestApps<never>, "database">;

/**
 * Starts the named apps' production builds on one fresh database, in parallel. If one
 * fails to start, those that did are stopped and the database dropped before it throws.
 */
export async function startTestApps<const N extends AppName>(
  names: readonly N[],
  options: StartTestAppsOptions<N> = {},
): Promise<TestApps<N>> {
  const test = createTestDatabase();
  const ports = await appPorts(options.ports ?? {});
  const origins = Object.fromEntries(
    APP_NAMES.map((name) => [
      name,
      options.env?.[URL_VARIABLES[name]] ?? `http://127.0.0.1:${String(ports[name])}`,
    ]),
  ) as Record<AppName, string>;
  const envOf = (name: N): Record<string, string> => ({
    MONGODB_URI: options.mongodbUri ?? test.uri,
    MONGODB_DB_NAME: test.dbName,
    // Mail goes to the tests' Mailpit, where the tests read it.
    ...testAppMailEnv(),
    AUTH_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ...Object.fromEntries(APP_NAMES.map((app) => [URL_VARIABLES[app], origins[app]])),
    // Every app reads the same list: with the admin console started, it is one of the apps.
    ...(names.includes("admin" as N) ? { AUTH_APP_ORIGINS: origins.admin } : {}),
    ...options.env,
    ...options.appEnv?.[name],
  });
  const start = (name: N): Promise<AppServer> =>
    startApp(name, { env: envOf(name), port: ports[name] });

  const servers = new Map<N, AppServer>();
  const instances: AppServer[] = [];
  const database = createDatabase({ uri: test.uri, dbName: test.dbName });
  const stopServers = async (): Promise<void> => {
    await Promise.all([...servers.values(), ...instances].map((server) => server.stop()));
  };
  const startAll = async (): Promise<void> => {
    const started = await Promise.allSettled(names.map(start));
    started.forEach((result, index) => {
      const name = names[index];
      if (result.status === "fulfilled" && name !== undefined) servers.set(name, result.value);
    });
    const failed = started.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  };
  const stop = async (): Promise<void> => {
    await stopServers();
    await database.close();
    await test.drop();
  };

  try {
    await startAll();
  } catch (error) {
    await stop();
    throw error;
  }
  const apps = {
    origins,
    test,
    database,
    async startInstance(name: N) {
      const instance = await startApp(name, { env: envOf(name) });
      instances.push(instance);
      return instance;
    },
    async restart() {
      await Promise.all([...servers.values()].map((server) => server.stop()));
      servers.clear();
      await startAll();
    },
    stop,
  };
  // Getters, so that a restart is seen through the same object.
  for (const name of names) {
    Object.defineProperty(apps, name, { enumerable: true, get: () => servers.get(name) });
  }
  return apps as TestApps<N>;
}

/** A port for every app: the one given, else a free one that no other app of the set has. */
async function appPorts(given: Partial<Record<AppName, number>>): Promise<Record<AppName, number>> {
  const ports: Partial<Record<AppName, number>> = { ...given };
  for (const name of APP_NAMES) {
    if (ports[name] !== undefined) continue;
    let port = await freePort();
    while (Object.values(ports).includes(port)) port = await freePort();
    ports[name] = port;
  }
  return ports as Record<AppName, number>;
}
