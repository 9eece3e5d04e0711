// The one place that decides which MongoDB the project talks to when it runs locally:
//   1. MONGODB_URI, when set;
//   2. else a real mongod started by mongodb-memory-server (downloaded once, where there is internet);
//   3. else tools/ferretdb, FerretDB v1 on SQLite, built with the machine's Go.
import { existsSync } from "node:fs";
import { mkdir, readdir } from "node:fs/promises";
import { lookup } from "node:dns/promises";
import { homedir } from "node:os";
import { join } from "node:path";

import { startFerretdb } from "./ferretdb.ts";
import { repoRoot } from "./paths.ts";

export interface LocalDatabase {
  kind: "MONGODB_URI" | "mongod" | "FerretDB";
  uri: string;
  stop(): Promise<void>;
}

export interface LocalDatabaseOptions {
  /** MONGODB_URI from the environment, if any. */
  externalUri: string | undefined;
  /** Where a locally started server keeps its files. */
  dataDir: string;
  log: (line: string) => void;
}

const MONGOD_DOWNLOAD_HOST = "fastdl.mongodb.org";

export async function startLocalDatabase(options: LocalDatabaseOptions): Promise<LocalDatabase> {
  const { externalUri, dataDir, log } = options;
  if (externalUri) {
    log(`using MONGODB_URI ${redact(externalUri)}`);
    // Not ours to stop.
    return { kind: "MONGODB_URI", uri: externalUri, stop: () => Promise.resolve() };
  }

  if (await mongodCanBeHad()) {
    try {
      const started = await startMongod(join(dataDir, "mongodb"));
      log(`using mongod (mongodb-memory-server) at ${started.uri}`);
      return started;
    } catch (error) {
      log(`mongod could not be started (${describe(error)}); falling back to FerretDB`);
    }
  } else {
    log("no mongod here and none can be downloaded; falling back to FerretDB");
  }

  const ferretDir = join(dataDir, "ferretdb");
  await mkdir(ferretDir, { recursive: true });
  const server = await startFerretdb(ferretDir, log);
  log(`using FerretDB at ${server.uri} (data in ${ferretDir})`);
  return { kind: "FerretDB", ...server };
}

/** A mongod is on the machine, already downloaded, or its download host resolves. */
async function mongodCanBeHad(): Promise<boolean> {
  if (process.env.MONGOMS_SYSTEM_BINARY) return true;
  // mongodb-memory-server keeps downloads in the project's node_modules or the user's cache.
  const caches = [
    join(repoRoot, "node_modules", ".cache", "mongodb-memory-server"),
    join(homedir(), ".cache", "mongodb-binaries"),
  ];
  for (const cache of caches) {
    if (existsSync(cache) && (await readdir(cache)).some((name) => name.startsWith("mongod"))) {
      return true;
    }
  }
  try {
    await Promise.race([
      lookup(MONGOD_DOWNLOAD_HOST),
      new Promise((_, reject) => setTimeout(reject, 2_000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

async function startMongod(dbPath: string): Promise<LocalDatabase> {
  // Loaded only when needed: it is a large module and most machines here never use it.
  const { MongoMemoryServer } = await import("mongodb-memory-server-core");
  await mkdir(dbPath, { recursive: true });
  const server = await MongoMemoryServer.create({
    instance: { ip: "127.0.0.1", dbPath, storageEngine: "wiredTiger" },
  });
  return {
    kind: "mongod",
    uri: server.getUri(),
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

/** The URI without its password, for logs. */
export function redact(uri: string): string {
  try {
    const url = new URL(uri);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparseable URI)";
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
