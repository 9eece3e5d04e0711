// Administrators are made as in production: by `npm run admin -- grant <username>` in a
// shell (scripts/admin.ts), never through the web. The command runs against the test's
// database, with nothing of the runner's own environment but PATH and HOME.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { baseProcessEnv, testMongodbUri } from "./env.ts";

const ADMIN_COMMAND = fileURLToPath(new URL("../../../scripts/admin.ts", import.meta.url));

/** Where the command finds the database: a test database's name, on the test server by default. */
export interface AdminCommandDatabase {
  dbName: string;
  uri?: string;
}

export interface AdminCommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run admin -- <args>` as a shell would; resolves with its exit code and output. */
export async function runAdminCommand(
  database: AdminCommandDatabase,
  ...args: string[]
): Promise<AdminCommandResult> {
  const env = {
    ...baseProcessEnv(),
    MONGODB_URI: database.uri ?? testMongodbUri(),
    MONGODB_DB_NAME: database.dbName,
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [ADMIN_COMMAND, ...args],
      { env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** Makes an existing user an administrator with the real command, or throws with its output. */
export async function grantAdmin(database: AdminCommandDatabase, username: string): Promise<void> {
  const result = await runAdminCommand(database, "grant", username);
  if (result.code !== 0) {
    throw new Error(
      `npm run admin -- grant ${username} failed (${String(result.code)}): ${result.stderr}`,
    );
  }
}
