// `npm run dev` and `npm start` run a local database on a port of the moment; they note its
// URI here so that `npm run admin` reaches the same one instead of starting another.
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

import mongoose from "mongoose";

import { repoRoot } from "./paths.ts";

const NOTE = join(repoRoot, ".data", "running-database-uri");

/** Notes the URI of the local database now running; returns a function that removes the note. */
export async function noteRunningDatabase(uri: string): Promise<() => Promise<void>> {
  await mkdir(dirname(NOTE), { recursive: true });
  await writeFile(NOTE, `${uri}\n`, { mode: 0o600 });
  return () => rm(NOTE, { force: true });
}

/** The noted local database's URI, if one is noted and answers a ping within a second. */
export async function runningDatabaseUri(): Promise<string | null> {
  if (!existsSync(NOTE)) return null;
  const uri = (await readFile(NOTE, "utf8")).trim();
  const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 1_000 });
  try {
    await connection.asPromise();
    await connection.db?.admin().ping();
    return uri;
  } catch {
    return null;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
