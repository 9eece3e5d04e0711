// How the kit behaves as its data grows: every operation a person causes, timed in-process
// against the core (as bench/src/kit.ts builds it) on a database of 1,000 users with a
// session each, then on the same database grown to 100,000. The filler is stored directly
// with the driver (insertMany), in the documents' real shape; the measured operations go
// through the kit's own API. Target: no operation takes more than twice its time at 1,000
// users; and a login with an unknown username answers in the same time as one with a
// known username and a wrong password, at every size.
import { randomBytes, randomInt } from "node:crypto";
import { loadavg } from "node:os";

import { normalizePassword } from "@monorepo-auth/auth/internals/password/password-rules";
import { hashPassword } from "@monorepo-auth/auth/password/password-hash";
import type { Client } from "@monorepo-auth/auth/request/client";
import { createDatabase } from "@monorepo-auth/db/database";
import { isUnavailableError, OPERATION_DEADLINE_MS } from "@monorepo-auth/db/errors";

import { localDatabasePid } from "./cpu.ts";
import { BATCH, fill, usernameOf } from "./growth-filler.ts";
import {
  answersFirst,
  cell,
  count,
  failuresOf,
  madeRuns,
  medianFailed,
  ms,
  summarize,
  type Sample,
} from "./growth-samples.ts";
import { benchEnv } from "./env.ts";
import { startKit } from "./kit.ts";
import { describeMachine } from "./machine.ts";
import { treeCpuMs } from "./proc.ts";
import { formatRatio, writeReport, type Verdict } from "./report.ts";

/** The sizes measured: users, each with one session. The first is the baseline. */
const SIZES = [1_000, 100_000] as const;
/** Rounds of every operation once each, in turn, per size. */
const ROUNDS = 20;
/** Rounds stop at the budget, but never before this many. */
const MIN_ROUNDS = 5;
const PHASE_BUDGET_MS = 5 * 60_000;
/**
 * The bench's own limit on one operation. The kit gives up on any one database operation
 * after OPERATION_DEADLINE_MS (and answers "unavailable"); an operation makes several.
 */
const OPERATION_TIMEOUT_MS = 20_000;
/** An operation that failed this many times in a row at a size is not run again at that size. */
const FAILURE_STREAK = 3;
/**
 * After a failure, the database may still be working on what the kit gave up on (FerretDB
 * finishes a scan whose client left): the next run waits until the database server's
 * process is idle (below this share of one core), or SETTLE_MAX_MS.
 */
const IDLE_SHARE = 0.2;
const SETTLE_POLL_MS = 500;
const SETTLE_MAX_MS = 60_000;
/** When the database server is not a process of this machine: a fixed wait instead. */
const SETTLE_BLIND_MS = 5_000;
/** Each operation at most this many times its time at the first size. */
const GROWTH_TARGET = 2;
/** Unknown vs known username: medians within this factor of each other… */
const SAME_TIME = 1.1;
/** …and neither kind answering first in more than this share of pairs of runs. */
const FIRST_AT_MOST = 0.7;

const PASSWORD = "correct horse battery staple";
const WRONG_PASSWORD = "correct horse battery stapler";
const USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

const VALIDATE = "validate a session (resume)";
const LOGIN_KNOWN = "log in, known username";
const LOGIN_UNKNOWN = "log in, unknown username";
const LOGIN_WRONG = "log in, known username, wrong password";
const SIGN_UP = "sign up";
const LIST_SESSIONS = "list a user's sessions (listSessions)";
const LOG_OUT = "log out";
const OPERATIONS = [
  VALIDATE,
  LOGIN_KNOWN,
  LOGIN_UNKNOWN,
  LOGIN_WRONG,
  SIGN_UP,
  LIST_SESSIONS,
  LOG_OUT,
] as const;
type Operation = (typeof OPERATIONS)[number];

const { mongodbUri, databaseKind, outDir } = benchEnv();
const dbName = `bench-growth-${randomBytes(3).toString("hex")}`;
const kit = startKit(mongodbUri, dbName);
const { auth } = kit;
const databasePid = await localDatabasePid(mongodbUri);
let settledMs = 0;

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Waits until the database server has finished whatever it was left doing. */
async function settle(): Promise<void> {
  const started = performance.now();
  if (databasePid === null) {
    await sleep(SETTLE_BLIND_MS);
  } else {
    let before = await treeCpuMs(databasePid);
    while (before !== null && performance.now() - started < SETTLE_MAX_MS) {
      await sleep(SETTLE_POLL_MS);
      const after = await treeCpuMs(databasePid);
      if (after === null || after - before < IDLE_SHARE * SETTLE_POLL_MS) break;
      before = after;
    }
  }
  const waited = performance.now() - started;
  settledMs += waited;
  console.log(`  (database settled in ${(waited / 1000).toFixed(1)} s)`);
}
/** Filler user `i`'s id and its one session's token. */
const userIds: string[] = [];
const tokens: string[] = [];
/** Filler users already measured: each is measured once, so no run inherits another's state. */
const used = new Set<number>();

/** A filler user no run has used yet, anywhere among the first `size`. */
function drawUser(size: number): number {
  for (;;) {
    const i = randomInt(size);
    if (!used.has(i)) {
      used.add(i);
      return i;
    }
  }
}

let clients = 0;
/** A client of its own per run: no run spends another's throttling budget. */
function freshClient(sessionTokens: readonly string[] = []): Client {
  clients += 1;
  const ip = `10.${String((clients >> 16) & 255)}.${String((clients >> 8) & 255)}.${String(clients & 255)}`;
  return { ip, userAgent: USER_AGENT, sessionTokens, deviceToken: null };
}

function fail(message: string): never {
  throw new Error(message);
}

/** One run of `operation` at `size`; throws on any answer but the expected one. */
async function runOnce(operation: Operation, size: number, run: string): Promise<void> {
  switch (operation) {
    case VALIDATE: {
      const token = tokens[drawUser(size)] ?? fail("no token");
      const resumed = await auth.resume(new Headers({ cookie: `${auth.cookie.name}=${token}` }));
      if (resumed.status === "unavailable") throw resumed.error;
      if (resumed.status !== "signed-in") fail(`resume: ${resumed.status}`);
      return;
    }
    case LOGIN_KNOWN:
    case LOGIN_WRONG: {
      const right = operation === LOGIN_KNOWN;
      const result = await auth.logIn({
        username: usernameOf(drawUser(size)),
        password: right ? PASSWORD : WRONG_PASSWORD,
        ...freshClient(),
      });
      if (right && !result.ok) fail(`logIn: ${result.error}`);
      if (!right && (result.ok || result.error !== "invalid_credentials")) {
        fail(`logIn with a wrong password: ${result.ok ? "ok" : result.error}`);
      }
      return;
    }
    case LOGIN_UNKNOWN: {
      const result = await auth.logIn({
        username: `nobody-${run}`,
        password: PASSWORD,
        ...freshClient(),
      });
      if (result.ok || result.error !== "invalid_credentials") {
        fail(`logIn of an unknown username: ${result.ok ? "ok" : result.error}`);
      }
      return;
    }
    case SIGN_UP: {
      const result = await auth.signUp({
        username: `newcomer-${run}`,
        password: PASSWORD,
        ...freshClient(),
      });
      if (!result.ok) fail(`signUp: ${result.error}`);
      return;
    }
    case LIST_SESSIONS: {
      const sessions = await auth.listSessions(userIds[drawUser(size)] ?? fail("no user id"));
      if (sessions.length !== 1) fail(`listSessions: ${String(sessions.length)} sessions, not 1`);
      return;
    }
    case LOG_OUT: {
      await auth.logOut(freshClient([tokens[drawUser(size)] ?? fail("no token")]));
      return;
    }
  }
}

/** Times one run; failures are recorded with the time they took, never thrown. */
async function timed(operation: Operation, size: number, run: string): Promise<Sample> {
  const begin = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<"timed out">((resolve) => {
    timer = setTimeout(() => {
      resolve("timed out");
    }, OPERATION_TIMEOUT_MS);
  });
  try {
    const outcome = await Promise.race([
      runOnce(operation, size, run).then(() => "ok" as const),
      guard,
    ]);
    return { ms: performance.now() - begin, outcome };
  } catch (error) {
    const ms = performance.now() - begin;
    const detail = error instanceof Error ? error.message : String(error);
    return { ms, outcome: isUnavailableError(error) ? "unavailable" : "error", detail };
  } finally {
    clearTimeout(timer);
  }
}

/** Every operation once per round, in turn, so that drift in the machine's speed hits all alike. */
async function measureAt(size: number): Promise<Record<Operation, Sample[]>> {
  const samples = Object.fromEntries(OPERATIONS.map((op) => [op, [] as Sample[]])) as Record<
    Operation,
    Sample[]
  >;
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    if (round >= MIN_ROUNDS && performance.now() - started > PHASE_BUDGET_MS) {
      console.log(`  time budget spent after ${String(round)} rounds`);
      break;
    }
    for (const operation of OPERATIONS) {
      const recent = samples[operation].slice(-FAILURE_STREAK);
      if (recent.length === FAILURE_STREAK && recent.every((s) => s.outcome !== "ok")) {
        samples[operation].push({ ms: Number.NaN, outcome: "not run" });
        continue;
      }
      const sample = await timed(operation, size, `${String(size)}-${String(round)}`);
      samples[operation].push(sample);
      if (sample.outcome !== "ok") {
        console.log(
          `  ${operation}: ${sample.outcome} after ${sample.ms.toFixed(0)} ms${sample.detail ? ` (${sample.detail})` : ""}`,
        );
        await settle();
      }
    }
    const line = OPERATIONS.map((op) => samples[op].at(-1)?.ms.toFixed(0) ?? "?").join(" / ");
    console.log(`  round ${String(round + 1)}: ${line} ms`);
  }
  return samples;
}

/** Drops the bench's database once the server is idle, on a connection that waits for it. */
async function dropDatabase(): Promise<void> {
  await kit.database.close().catch(() => undefined);
  await settle();
  const cleanup = createDatabase({ uri: mongodbUri, dbName, operationTimeoutMs: 600_000 });
  try {
    const { connection } = await cleanup.models();
    await connection.dropDatabase();
  } catch (error) {
    console.error(`could not drop the bench database ${dbName}: drop it by hand`);
    throw error;
  } finally {
    await cleanup.close();
  }
}

const results = new Map<number, Record<Operation, Sample[]>>();
const loadAtStart = loadavg()[0] ?? Number.NaN;
try {
  console.log(`growth: ${dbName} on ${databaseKind}`);
  // Every filler user has the hash of the bench's password, so any of them can log in.
  const filling = {
    database: kit.database,
    lifetime: {
      idleTimeoutMs: auth.settings.sessionIdleTimeoutMs,
      absoluteLifetimeMs: auth.settings.sessionAbsoluteLifetimeMs,
    },
    passwordHash: await hashPassword(normalizePassword(PASSWORD)),
    userAgent: USER_AGENT,
    userIds,
    tokens,
  };
  let stored = 0;
  for (const [index, size] of SIZES.entries()) {
    console.log(`growing to ${count(size)} users and sessions…`);
    await fill(filling, stored, size);
    stored = size;
    if (index === 0) {
      console.log("  warm-up round (not recorded)…");
      for (const operation of OPERATIONS) await timed(operation, size, `warm-up-${String(size)}`);
    }
    console.log(`measuring at ${count(size)}…`);
    results.set(size, await measureAt(size));
  }

  const [base, ...larger] = SIZES;
  const at = (size: number, operation: Operation): Sample[] => results.get(size)?.[operation] ?? [];
  const verdicts: Verdict[] = [];
  const growthLines = OPERATIONS.map((operation) => {
    const first = summarize(at(base, operation));
    const cells = larger.map((size) => {
      const summary = summarize(at(size, operation));
      const ratio = summary.p50Ms / first.p50Ms;
      const shown = `${medianFailed(summary) ? "≥ " : ""}${formatRatio(ratio)}`;
      const met = ratio <= GROWTH_TARGET && summary.failed === 0 && first.failed === 0;
      const failures = failuresOf(summary);
      verdicts.push({
        subject: `${operation}, ${count(size)} users`,
        target: `≤ ${formatRatio(GROWTH_TARGET)} its time at ${count(base)}, no failures`,
        measured: `${shown}${failures ? `, ${failures}` : ""}`,
        met,
      });
      return [cell(summary), shown, met ? "✅" : "❌"];
    });
    return `| ${operation} | ${cell(first)} | ${cells.flat().join(" | ")} |`;
  });
  const header = [
    "Operation",
    `${count(base)} users: p50 / p95 ms`,
    ...larger.flatMap((size) => [
      `${count(size)} users: p50 / p95 ms`,
      `Ratio (p50)`,
      `≤ ${formatRatio(GROWTH_TARGET)}`,
    ]),
  ];
  const growthTable = [
    `| ${header.join(" | ")} |`,
    `| --- | ${header
      .slice(1)
      .map(() => "---:")
      .join(" | ")} |`,
    ...growthLines,
  ].join("\n");

  const tellLines = SIZES.map((size) => {
    const unknown = madeRuns(at(size, LOGIN_UNKNOWN));
    const wrong = madeRuns(at(size, LOGIN_WRONG));
    const u = summarize(unknown);
    const w = summarize(wrong);
    const k = summarize(at(size, LOGIN_KNOWN));
    const ratio = u.p50Ms / w.p50Ms;
    const first = answersFirst(wrong, unknown);
    // An answer of "unavailable" that depends on the username is a tell of its own.
    const met =
      u.failed === 0 &&
      w.failed === 0 &&
      ratio <= SAME_TIME &&
      ratio >= 1 / SAME_TIME &&
      Math.max(first, 1 - first) <= FIRST_AT_MOST;
    verdicts.push({
      subject: `login, unknown vs known username (wrong password), ${count(size)} users`,
      target: `medians within ${formatRatio(SAME_TIME)}, neither first in > ${String(FIRST_AT_MOST * 100)} % of pairs`,
      measured: `${formatRatio(ratio)}, known first in ${(first * 100).toFixed(0)} %${u.failed + w.failed > 0 ? `, failed ${String(u.failed)} of ${String(u.runs)} / ${String(w.failed)} of ${String(w.runs)}` : ""}`,
      met,
    });
    const cells = [
      count(size),
      ms(u.p50Ms),
      ms(w.p50Ms),
      formatRatio(ratio),
      `${(first * 100).toFixed(0)} % of ${String(unknown.length * wrong.length)}`,
      [u, w].map((s) => `${String(s.failed)} of ${String(s.runs)}`).join(" / "),
      `${ms(k.p50Ms)} (${formatRatio(u.p50Ms / k.p50Ms)})`,
      met ? "✅" : "❌",
    ];
    return `| ${cells.join(" | ")} |`;
  });
  const tellTable = [
    "| Users | Unknown username p50 ms | Known username, wrong password p50 ms | Ratio | Known answers first | Failed (unknown / known) | Known username, right password p50 ms (unknown ÷ it) | Indistinguishable |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...tellLines,
  ].join("\n");

  const runsAt = SIZES.map((size) => `${String(at(size, VALIDATE).length)} at ${count(size)}`).join(
    ", ",
  );
  const settleNote =
    databasePid === null
      ? `After a failed run the next one waits ${String(SETTLE_BLIND_MS / 1000)} s (the database server is not on this machine, so its idleness cannot be read).`
      : `After a failed run the next one waits until the database server's process is idle (under ${String(IDLE_SHARE * 100)} % of a core over ${String(SETTLE_POLL_MS)} ms, at most ${String(SETTLE_MAX_MS / 1000)} s): FerretDB finishes a scan whose client has gone, and without the wait every later run would be measured behind the scans earlier runs gave up on. ${(settledMs / 1000).toFixed(0)} s were spent waiting.`;
  const markdown = await writeReport(outDir, {
    name: "growth",
    title: "Growth: the kit at 1,000 and at 100,000 users",
    machine: describeMachine(databaseKind),
    rows: [],
    table: growthTable,
    method: `every operation in-process against the core (createAuth on a connection of its own, throttling on), one at a time; each round runs every operation once, in turn, so that drift in the machine's speed hits them all alike (rounds: ${runsAt}; at most ${String(ROUNDS)}, fewer when a size's rounds outlast ${String(PHASE_BUDGET_MS / 60_000)} min, never fewer than ${String(MIN_ROUNDS)}), after one unrecorded warm-up round. p50 and p95 of the time until the kit answered, whatever the answer: a run that failed counts with the time it took to fail, and the failures are listed in its cell; an operation that failed ${String(FAILURE_STREAK)} times in a row at a size is not run again at that size. Ratio: p50 at ${count(larger.at(-1) ?? base)} over p50 at ${count(base)}, "≥" when at least half the runs failed (the time to fail is then a lower bound); the target is met when it is at most ${formatRatio(GROWTH_TARGET)} and no run failed.`,
    notes: [
      `The data: ${SIZES.map(count).join(", then ")} users, each with one live session, stored directly with the driver (insertMany, ${count(BATCH)} documents a batch) in the shape the kit stores them (packages/db/src/models), into one database that grows in place between the sizes (so the larger size also holds what the runs at the smaller one left: a few dozen users, sessions, attempts and devices). Indexes are the kit's own, created on its first connection. Every filler user has the same argon2id hash, of the bench's password, so any of them can log in; each session's token is kept, its secret stored as SHA-256.`,
      `Each run uses a filler user drawn at random from all of that size's users and never used by another run (where a user sits in the collection matters to a database that scans), and a client IP of its own, so that no run spends another's throttling budget (a wrong password takes one attempt from the account's budget of 10 and one from the IP's). Unknown usernames and new usernames for sign-up are fresh each run.`,
      `"${VALIDATE}": \`auth.resume\` with the session cookie, as every app request does (one read by \`_id\`). "${LOGIN_KNOWN}": \`auth.logIn\` with the right password (user read, throttling, argon2id, session insert and trim, device). "${LOGIN_UNKNOWN}" and "${LOGIN_WRONG}": the same call answered \`invalid_credentials\` (an unknown username verifies a dummy hash). "${SIGN_UP}": \`auth.signUp\` of a new username. "${LIST_SESSIONS}": \`auth.listSessions(userId)\`, what web's /account shows. "${LOG_OUT}": \`auth.logOut\` with the session's token.`,
      `Failures are the kit's own answers, not the bench's: any one database operation that takes longer than ${String(OPERATION_DEADLINE_MS / 1000)} s fails as unavailable (HTTP 503 in the apps). The bench gives a whole operation ${String(OPERATION_TIMEOUT_MS / 1000)} s before recording it as timed out. ${settleNote}`,
      `Unknown vs known username: a guesser without the password compares logins that fail, so the comparison is of an unknown username with a known username and a wrong password. "Known answers first" is the share of pairs of runs (one of each) in which the known username's answered first: 50 % when their times cannot be told apart. The target (neither above ${String(FIRST_AT_MOST * 100)} %, medians within ${formatRatio(SAME_TIME)}) is this report's own reading of "indistinguishable" for ${String(ROUNDS)} or fewer runs of each; runs that failed count with the time they took to fail, and any failure misses the target: an "unavailable" that comes for one kind of username and not the other tells them apart by itself.`,
      `The machine's cores are shared with the database server and with whatever else runs on it: the 1-minute load average was ${loadAtStart.toFixed(1)} at the start and ${(loadavg()[0] ?? Number.NaN).toFixed(1)} at the end (${String(describeMachine(databaseKind).cores)} cores). On a server without TTL indexes (FerretDB) the kit also purges expired documents every minute, a scan of sessions, attempts, devices and audit entries that runs alongside the measured operations, as it would alongside an app's.`,
      `Only the core is measured here, not the apps over HTTP (see [http.md](http.md) for the apps at one user).`,
      `Reproduce with \`npm run bench -- growth\` (on a fresh local database, or on \`MONGODB_URI\`).`,
    ],
    sections: [{ title: "Unknown vs known username", markdown: tellTable }],
    verdicts,
  });
  console.log(`\n${markdown}`);
} finally {
  await dropDatabase();
}
