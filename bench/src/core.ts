// The auth core against its limits, on one database connection, side by side:
//   session validation (validateSessionToken) vs a raw findOne({_id}) on the same connection;
//   login (logIn) at concurrency 8 vs raw argon2 verification with the same parameters.
import { randomBytes } from "node:crypto";

import { createAuth } from "@monorepo-auth/auth/auth";
import { parseAuthSettings } from "@monorepo-auth/auth/config/environment";
import { hashPassword, ARGON2_PARAMETERS } from "@monorepo-auth/auth/password/password-hash";
import { createDatabase } from "@monorepo-auth/db/database";
import { verify } from "@node-rs/argon2";

import { benchEnv } from "./env.ts";
import { describeMachine } from "./machine.ts";
import { sideBySide } from "./measure.ts";
import { compare, writeReport, type Row } from "./report.ts";

const { mongodbUri, databaseKind, outDir } = benchEnv();
const database = createDatabase({
  uri: mongodbUri,
  dbName: `bench-${randomBytes(4).toString("hex")}`,
});
const auth = createAuth({
  database,
  // Throttling stays on (it is part of every login), with room for a benchmark's worth.
  settings: parseAuthSettings({ MONGODB_URI: mongodbUri, IP_ATTEMPT_LIMIT: "10000000" }),
  onEvent: () => undefined,
});
const client = { ip: "198.51.100.10", userAgent: "bench", sessionTokens: [], deviceToken: null };
const password = "correct horse battery staple";

try {
  const { connection } = await database.models();
  const signUp = await auth.signUp({ username: "bench-user", password, ...client });
  if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.error}`);
  const { token } = signUp;
  const sessionId = signUp.session.id;
  const sessions = connection.collection<{ _id: string }>("sessions");

  const validation = {
    "raw findOne({_id})": () => sessions.findOne({ _id: sessionId }),
    validateSessionToken: () => auth.validateSessionToken(token),
  };
  const rows: Row[] = [];
  for (const concurrency of [1, 32]) {
    console.log(`validation, concurrency ${String(concurrency)}…`);
    const results = await sideBySide(validation, { concurrency, durationMs: 2_000, rounds: 5 });
    rows.push(
      {
        benchmark: "session validation",
        contender: "raw findOne({_id})",
        concurrency,
        measurement: results["raw findOne({_id})"],
      },
      {
        benchmark: "session validation",
        contender: "validateSessionToken",
        concurrency,
        measurement: results.validateSessionToken,
        limit: "raw findOne({_id})",
        targets: [{ against: "raw findOne({_id})", atLeast: 0.85 }],
      },
    );
  }

  const stored = await hashPassword(password);
  const login = {
    "raw argon2id verify": () => verify(stored, password),
    logIn: async () => {
      const result = await auth.logIn({
        username: "bench-user",
        password,
        ...client,
      });
      if (!result.ok) throw new Error(`login failed: ${result.error}`);
    },
  };
  console.log("login, concurrency 8…");
  const loginResults = await sideBySide(login, { concurrency: 8, durationMs: 3_000, rounds: 3 });
  rows.push(
    {
      benchmark: "login",
      contender: "raw argon2id verify",
      concurrency: 8,
      measurement: loginResults["raw argon2id verify"],
    },
    {
      benchmark: "login",
      contender: "logIn",
      concurrency: 8,
      measurement: loginResults.logIn,
      limit: "raw argon2id verify",
      targets: [{ against: "raw argon2id verify", atLeast: 0.9 }],
    },
  );

  const markdown = await writeReport(outDir, {
    name: "core",
    title: "Auth core against its limits",
    machine: describeMachine(databaseKind),
    rows: compare(rows),
    method:
      "each figure is the median of 5 runs of 2 s (validation) or 3 runs of 3 s (login) per contender, the contenders alternating round by round.",
    notes: [
      `argon2id m=${String(ARGON2_PARAMETERS.memoryCost)} KiB, t=${String(ARGON2_PARAMETERS.timeCost)}, p=${String(ARGON2_PARAMETERS.parallelism)}.`,
      `A login is eight database operations around one hash (the steps are in [login.md](login.md)): the name's claim and the user, one query counting both throttling budgets' failures, the session insert, the security stamp read again, the user's sessions beyond the limit, the device token's insert and the user's tokens beyond theirs.`,
      `Each is answered from an index, on FerretDB 1.24 through the pushdown its build adds (decision 0019); there each still costs the database server, a Go process sharing the machine's cores with argon2, about 1.5 ms of CPU, which is why login throughput trails raw argon2 here.`,
      `The peers (Lucia, Better Auth) and more concurrencies are in [validation.md](validation.md) and [login.md](login.md). Reproduce with \`npm run bench\`.`,
    ],
  });
  console.log(`\n${markdown}`);
} finally {
  const { connection } = await database.models();
  await connection.dropDatabase();
  await database.close();
}
