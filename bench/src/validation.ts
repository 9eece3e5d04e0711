// Session validation against its limit and its peers, on one database server, side by side:
//   the kit's validateSessionToken; a raw findOne({_id}) of the kit's session document on
//   the kit's own connection (the limit: one read, no checks); the kit's read alone (its
//   Mongoose findById, to show what Mongoose costs); Lucia v3; Better Auth with
//   its cookie cache off and on. Each library has a database of its own on the server,
//   one user and one session made through its own API, and validates that session from
//   the Cookie header a browser would send, again and again.
import { randomBytes } from "node:crypto";

import { findSession } from "@monorepo-auth/db/sessions";

import { benchEnv } from "./env.ts";
import { signUpWithKit, startKit } from "./kit.ts";
import { describeMachine } from "./machine.ts";
import { sideBySide, type Measurement, type SideBySideOptions } from "./measure.ts";
import { startBetterAuth } from "./peers/better-auth.ts";
import { startLucia } from "./peers/lucia.ts";
import { compare, throughputRatio, writeReport, type Row } from "./report.ts";
import { timeKitChecks } from "./validation-checks.ts";

export const RAW = "raw findOne({_id})";
export const KIT_READ = "kit's read alone (findSession)";
export const KIT = "kit validateSessionToken";
export const LUCIA = "Lucia v3";
export const BETTER_AUTH = "Better Auth";
export const BETTER_AUTH_CACHED = "Better Auth (cookie cache)";
const PEERS = [LUCIA, BETTER_AUTH, BETTER_AUTH_CACHED] as const;

const CONCURRENCIES = [1, 32];
const RUNS: SideBySideOptions = { concurrency: 1, durationMs: 2_000, rounds: 5, warmUpMs: 1_000 };
const PASSWORD = "correct horse battery staple";
const CHECK_ITERATIONS = 100_000;

/**
 * The kit's overhead over the raw read, at concurrency 1 where the mean time per operation
 * is 1 / throughput: its own checks (timed alone) and, by difference, Mongoose's code path
 * (the kit's read alone is the same document on the same connection, through Mongoose).
 */
function whereTheTimeGoes(rows: Row[], checksUs: number): string {
  const at = (contender: string, concurrency: number): Row | undefined =>
    rows.find((row) => row.contender === contender && row.concurrency === concurrency);
  const meanMs = (contender: string): number =>
    1000 / (at(contender, 1)?.measurement.opsPerSecond ?? Number.NaN);
  // Half the range of a contender's runs, relative to its median: how far runs of the
  // same thing fall apart, hence how small a difference can still be read.
  const spread = (contender: string): number => {
    const runs = at(contender, 1)?.measurement.runsOpsPerSecond ?? [];
    const median = at(contender, 1)?.measurement.opsPerSecond ?? Number.NaN;
    return (Math.max(...runs) - Math.min(...runs)) / 2 / median;
  };
  const [raw, read, kit] = [meanMs(RAW), meanMs(KIT_READ), meanMs(KIT)];
  const noise = Math.max(spread(RAW), spread(KIT_READ), spread(KIT));
  const at32 = (contender: string): Measurement => {
    const row = at(contender, 32);
    if (!row) throw new Error(`no row for ${contender} at concurrency 32`);
    return row.measurement;
  };
  return `Where the kit's time goes, at concurrency 1 (mean time per operation, 1 / throughput): the raw read ${raw.toFixed(3)} ms; the same read through the kit's Mongoose (\`findById().lean()\`, "${KIT_READ}") ${read.toFixed(3)} ms; the whole validation ${kit.toFixed(3)} ms. The kit's own checks around the read (cookie read, token split, SHA-256 comparison, expiry), timed alone in-process over ${String(CHECK_ITERATIONS)} iterations, take ${checksUs.toFixed(1)} µs; the rest of the kit's ${(kit - raw).toFixed(3)} ms over the raw read is Mongoose's code path and noise: runs of one contender differ by up to ±${(100 * noise).toFixed(0)} % here (about ±${(noise * raw).toFixed(3)} ms). At concurrency 32, where operations wait for the database server, the kit does ${throughputRatio(at32(KIT), at32(RAW)).toFixed(2)}× the raw read's throughput.`;
}

const { mongodbUri, databaseKind, outDir } = benchEnv();
const dbName = (library: string): string =>
  `bench-validation-${library}-${randomBytes(3).toString("hex")}`;

const kit = startKit(mongodbUri, dbName("kit"));
const lucia = await startLucia(mongodbUri, dbName("lucia"));
const betterAuth = await startBetterAuth({
  mongodbUri,
  dbName: dbName("better-auth"),
  cookieCache: false,
  hashing: "argon2id",
});
const betterAuthCached = await startBetterAuth({
  mongodbUri,
  dbName: dbName("better-auth-cache"),
  cookieCache: true,
  hashing: "argon2id",
});

try {
  const kitToken = await signUpWithKit(kit, "bench-user", PASSWORD);
  const kitHeaders = new Headers({ cookie: `${kit.auth.cookie.name}=${kitToken}` });
  const luciaSessionRead = lucia.sessionRead;
  const betterAuthHeaders = new Headers({
    cookie: await betterAuth.signUp("bench-user@example.com", PASSWORD),
  });
  const betterAuthCachedHeaders = new Headers({
    cookie: await betterAuthCached.signUp("bench-user@example.com", PASSWORD),
  });
  const { connection } = await kit.database.models();
  const sessions = connection.collection<{ _id: string }>("sessions");
  const [sessionId] = kitToken.split(".");
  if (!sessionId) throw new Error("the kit's token has no session id");

  const contenders = {
    [RAW]: async () => {
      if (!(await sessions.findOne({ _id: sessionId }))) throw new Error("no session document");
    },
    // The kit's one read through Mongoose (findById().lean()), without the checks around
    // it: the difference to the raw read is Mongoose's, the rest is the kit's own work.
    [KIT_READ]: async () => {
      if (!(await findSession(kit.database, sessionId))) throw new Error("no session document");
    },
    [KIT]: async () => {
      const resumed = await kit.auth.resume(kitHeaders);
      if (resumed.status !== "signed-in")
        throw new Error("the kit did not validate its own session");
    },
    [LUCIA]: () => lucia.validate(),
    [BETTER_AUTH]: () => betterAuth.getSession(betterAuthHeaders),
    [BETTER_AUTH_CACHED]: () => betterAuthCached.getSession(betterAuthCachedHeaders),
  };

  const rows: Row[] = [];
  for (const concurrency of CONCURRENCIES) {
    console.log(`validation, concurrency ${String(concurrency)}…`);
    const results = await sideBySide(contenders, { ...RUNS, concurrency });
    const row = (contender: keyof typeof contenders): Row => ({
      benchmark: "session validation",
      contender,
      concurrency,
      measurement: results[contender],
    });
    rows.push(
      row(RAW),
      { ...row(KIT_READ), limit: RAW },
      {
        ...row(KIT),
        limit: RAW,
        versus: [...PEERS],
        targets: [
          { against: RAW, atLeast: 0.85 },
          ...PEERS.map((peer) => ({ against: peer, atLeast: 1 })),
        ],
      },
      ...PEERS.map((peer) => ({ ...row(peer), limit: RAW })),
    );
  }

  const markdown = await writeReport(outDir, {
    name: "validation",
    title: "Session validation: the kit, its limit and its peers",
    machine: describeMachine(databaseKind),
    rows: compare(rows),
    method: `each figure is the median of ${String(RUNS.rounds)} runs of ${String(RUNS.durationMs / 1000)} s per contender and concurrency, the contenders alternating round by round, after an unrecorded warm-up run of ${String((RUNS.warmUpMs ?? 0) / 1000)} s each. Concurrency = operations in flight at once in one Node process.`,
    notes: [
      `Every contender validates one session from the \`Cookie\` header a browser would send (the kit: \`auth.cookie.read\` then \`validateSessionToken\`; Lucia: \`readSessionCookie\` then \`validateSession\`; Better Auth: \`auth.api.getSession({ headers })\`). ${RAW} reads the kit's session document on the kit's own connection and checks nothing: one round trip, the floor for any validation that asks the database.`,
      `Each library has its own database on the same server, with one user and one session made through its own API (Lucia has no user API: the user document is inserted as its documentation does). No contender writes during these runs: every session is fresh, far from its refresh point.`,
      `Reads per validation: the kit 1 (the session document carries the username). Lucia: ${
        luciaSessionRead === "two findOne reads"
          ? `2 here — its adapter's one \`$lookup\` aggregation fails on ${databaseKind} (error 238, NotImplemented), so the bench gives the adapter the same two reads as \`findOne\`s (bench/src/peers/lucia.ts); on MongoDB the adapter's own aggregation runs unchanged`
          : "1, the adapter's own aggregation with `$lookup`"
      }. Better Auth 2 (aggregations for the session by token and the user by id, counted with the driver's command monitoring). Better Auth with its cookie cache 0: it trusts a signed copy of the session in a second cookie for the cache's \`maxAge\` (1 h here, so that it cannot expire mid-run; the default is 5 min), so a revoked session stays valid that long. The kit never trusts a cookie without the database, so the comparison with the cache is not like for like; it is listed, and held to the same target, so that the price of that choice shows.`,
      whereTheTimeGoes(rows, await timeKitChecks(kit, kitHeaders, CHECK_ITERATIONS)),
      `Lucia v3 with @lucia-auth/adapter-mongodb 1 on MongoDB driver 6 (\`mongodb-v6\`); Better Auth with better-auth/adapters/mongodb on driver 7 (Mongoose's copy); the kit on Mongoose 9 (driver 7).`,
      `On ${databaseKind} every read runs in a separate server process that shares the machine's cores with Node, so each extra round trip costs CPU as well as latency.`,
      `Reproduce with \`npm run bench\` (or \`npm run bench -- validation\`).`,
    ],
  });
  console.log(`\n${markdown}`);
} finally {
  await Promise.allSettled([
    kit.drop(),
    lucia.close(),
    betterAuth.close(),
    betterAuthCached.close(),
  ]);
}
