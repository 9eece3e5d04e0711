// Login against its limit and a peer, side by side, at several concurrencies:
//   the kit's logIn (throttling on); raw argon2id verification with the same parameters
//   (the limit: the hash alone, no database); Better Auth's email/password sign-in with the
//   same argon2id, and with its default scrypt. Every contender logs in with the right
//   password; each concurrent loop is a person of its own (one account each), as in real
//   traffic, so no account's throttling budget is shared between loops.
import { randomBytes } from "node:crypto";

import { ARGON2_PARAMETERS, hashPassword } from "@monorepo-auth/auth/password/password-hash";
import { verify } from "@node-rs/argon2";

import { cpuCells, cpuPerOperation, localDatabasePid } from "./cpu.ts";
import { benchEnv } from "./env.ts";
import { BENCH_CLIENT, personIp, signUpWithKit, startKit } from "./kit.ts";
import { timeLoginSteps } from "./login-steps.ts";
import { describeMachine } from "./machine.ts";
import { exclusive, measure, sideBySide, type SideBySideOptions } from "./measure.ts";
import { startBetterAuth } from "./peers/better-auth.ts";
import { compare, writeReport, type Row } from "./report.ts";

export const RAW = "raw argon2id verify";
export const KIT = "kit logIn";
export const BETTER_AUTH = "Better Auth signInEmail (argon2id)";
export const BETTER_AUTH_SCRYPT = "Better Auth signInEmail (scrypt, default)";
const PEERS = [BETTER_AUTH, BETTER_AUTH_SCRYPT] as const;

const CONCURRENCIES = [1, 4, 16];
// Logins are slow (tens of ms each), so fewer and longer runs than for validation.
const RUNS: SideBySideOptions = { concurrency: 1, durationMs: 3_000, rounds: 3, warmUpMs: 1_000 };
const STEP_ITERATIONS = 30;
const CPU_CONCURRENCY = 16;
const PASSWORD = "correct horse battery staple";
const PEOPLE = Array.from({ length: Math.max(...CONCURRENCIES) }, (_, i) => i);

const { mongodbUri, databaseKind, outDir } = benchEnv();
const dbName = (library: string): string =>
  `bench-login-${library}-${randomBytes(3).toString("hex")}`;

const kit = startKit(mongodbUri, dbName("kit"));
const betterAuth = await startBetterAuth({
  mongodbUri,
  dbName: dbName("better-auth"),
  cookieCache: false,
  hashing: "argon2id",
});
const betterAuthScrypt = await startBetterAuth({
  mongodbUri,
  dbName: dbName("better-auth-scrypt"),
  cookieCache: false,
  hashing: "scrypt",
});

try {
  console.log(`signing up ${String(PEOPLE.length)} people per library…`);
  const username = (person: number): string => `bench-user-${String(person)}`;
  const email = (person: number): string => `bench-user-${String(person)}@example.com`;
  for (const person of PEOPLE) {
    await signUpWithKit(kit, username(person), PASSWORD);
    await betterAuth.signUp(email(person), PASSWORD);
    await betterAuthScrypt.signUp(email(person), PASSWORD);
  }
  const stored = await hashPassword(PASSWORD);
  const person = exclusive(PEOPLE);

  const contenders = {
    [RAW]: async () => {
      if (!(await verify(stored, PASSWORD))) throw new Error("argon2 did not verify");
    },
    [KIT]: () =>
      person(async (who) => {
        const result = await kit.auth.logIn({
          username: username(who),
          password: PASSWORD,
          ...BENCH_CLIENT,
          // Each person from an address of their own: one address may hold only a quarter
          // of the hashing slots, so sixteen logins at once from one would be told "busy".
          ip: personIp(who),
        });
        if (!result.ok) throw new Error(`kit login failed: ${result.error}`);
      }),
    [BETTER_AUTH]: () => person((who) => betterAuth.signIn(email(who), PASSWORD)),
    [BETTER_AUTH_SCRYPT]: () => person((who) => betterAuthScrypt.signIn(email(who), PASSWORD)),
  };

  const rows: Row[] = [];
  for (const concurrency of CONCURRENCIES) {
    console.log(`login, concurrency ${String(concurrency)}…`);
    const results = await sideBySide(contenders, { ...RUNS, concurrency });
    const row = (contender: keyof typeof contenders): Row => ({
      benchmark: "login",
      contender,
      concurrency,
      measurement: results[contender],
    });
    rows.push(
      row(RAW),
      {
        ...row(KIT),
        limit: RAW,
        versus: [...PEERS],
        targets: [
          { against: RAW, atLeast: 0.6 },
          { against: BETTER_AUTH, atLeast: 1 },
        ],
      },
      ...PEERS.map((peer) => ({ ...row(peer), limit: RAW })),
    );
  }

  console.log("timing the steps of a kit login…");
  const steps = await timeLoginSteps(kit, username(0), PASSWORD, STEP_ITERATIONS);
  const total = steps.reduce((sum, step) => sum + step.medianMs, 0);
  const hashMs = steps.find((step) => step.step === "argon2id verify")?.medianMs ?? 0;
  const stepTable = [
    "| Step | Median ms | Share |",
    "| --- | ---: | ---: |",
    ...steps.map(
      (step) =>
        `| ${step.step} | ${step.medianMs.toFixed(2)} | ${((100 * step.medianMs) / total).toFixed(0)} % |`,
    ),
    `| **all steps** | **${total.toFixed(2)}** | 100 % |`,
  ].join("\n");

  console.log("CPU time per login…");
  const pids = { worker: process.pid, database: await localDatabasePid(mongodbUri) };
  const cpuLines: string[] = [];
  const cpuTotals = new Map<string, number>();
  for (const name of [RAW, KIT, BETTER_AUTH] as const) {
    const { result, cpu } = await cpuPerOperation(pids, () =>
      measure(contenders[name], { concurrency: CPU_CONCURRENCY, durationMs: RUNS.durationMs }),
    );
    const total = cpu.workerMs + (cpu.databaseMs ?? 0);
    // CPU per login times logins per second: how many cores the run kept busy.
    const coresBusy = (total * result.opsPerSecond) / 1000;
    cpuLines.push(
      `| ${name} | ${result.opsPerSecond.toFixed(0)} | ${cpuCells(cpu).join(" | ")} | ${coresBusy.toFixed(2)} |`,
    );
    cpuTotals.set(name, total);
  }
  const cpuOf = (name: string): string => (cpuTotals.get(name) ?? Number.NaN).toFixed(1);
  const { cores } = describeMachine(databaseKind);
  const maxPerSecond = (name: string): string =>
    ((cores * 1000) / (cpuTotals.get(name) ?? Number.NaN)).toFixed(0);
  const cpuTable = [
    "| Contender | ops/s | Node CPU ms | Database server CPU ms | Together | Cores busy |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...cpuLines,
  ].join("\n");

  const { memoryCost, timeCost, parallelism } = ARGON2_PARAMETERS;
  const markdown = await writeReport(outDir, {
    name: "login",
    title: "Login: the kit, its limit and a peer",
    machine: describeMachine(databaseKind),
    rows: compare(rows),
    method: `each figure is the median of ${String(RUNS.rounds)} runs of ${String(RUNS.durationMs / 1000)} s per contender and concurrency (fewer and longer than for validation: a login takes tens of milliseconds), the contenders alternating round by round, after an unrecorded warm-up run of ${String((RUNS.warmUpMs ?? 0) / 1000)} s each. Concurrency = logins in flight at once in one Node process, each loop logging in as a person of its own (${String(PEOPLE.length)} accounts per library).`,
    notes: [
      `argon2id m=${String(memoryCost)} KiB, t=${String(timeCost)}, p=${String(parallelism)} (@node-rs/argon2) for the kit, the raw limit and "${BETTER_AUTH}": Better Auth is given the same hash through its \`emailAndPassword.password.{hash,verify}\` option, so that the comparison is of everything around the hash. "${BETTER_AUTH_SCRYPT}" is Better Auth as it comes: node:crypto scrypt N=16384, r=16, p=1 (16 MiB per hash).`,
      `The kit's throttling stays on: every login counts the failures of the client IP's budget and of the account's before hashing, and a failure would be written to both (decision 0007). Each person logs in from an address of their own (one address may hold only a quarter of the hashing slots). Only the IP budget is raised (\`IP_ATTEMPT_LIMIT\`=10000000), for the sign-ups, which all come from one address. Better Auth's own rate limiter only guards its HTTP handler, not \`auth.api\` calls, so it does not run here.`,
      `A kit login is eight database operations around one hash: at once, read the name's claim and then the user, the device token (if the browser sent one), and count the failures of both budgets (one query); verify; then at once start the session (insert it, then read the security stamp again and find the user's sessions beyond \`MAX_SESSIONS_PER_USER\`) and remember the device (insert its token, then find the user's tokens beyond 20). Each search by user is answered from the \`userId\` index, on FerretDB through the pushdown its build adds (decision 0019). A Better Auth sign-in is three (counted with the driver's command monitoring): an aggregation for the user by email, one for the credential account, the session insert. The kit also runs at most one hash per core at a time (more wait in its queue), where the raw limit and Better Auth hand every hash to libuv's thread pool (4 threads).`,
      `On ${databaseKind} every database operation runs in a separate server process that shares the machine's 2 cores with argon2, so it takes CPU from the hashes as well as adding latency: see the step timings below.`,
      `Reproduce with \`npm run bench\` (or \`npm run bench -- login\`).`,
    ],
    sections: [
      {
        title: "Where a kit login's time goes (concurrency 1)",
        markdown: [
          `The steps of \`logIn\` run one after another with the same functions it calls (bench/src/login-steps.ts), ${String(STEP_ITERATIONS)} logins, median per step. The hash is ${((100 * hashMs) / total).toFixed(0)} % of a login; the other ${((100 * (total - hashMs)) / total).toFixed(0)} % (${(total - hashMs).toFixed(1)} ms) is the database steps, which is what separates \`logIn\` from the raw limit.`,
          "",
          stepTable,
        ].join("\n"),
      },
      {
        title: `CPU time per login (concurrency ${String(CPU_CONCURRENCY)})`,
        markdown: [
          `One more run of ${String(RUNS.durationMs / 1000)} s each, CPU time read from the kernel (this Node process, and the database server process when it runs on this machine) and divided by the logins done. "Cores busy" is CPU per login times logins per second: near the machine's ${String(cores)} cores, throughput is bound by CPU, about the cores' time divided by a login's CPU time, so whatever CPU the database operations take, the hashes cannot have.`,
          "",
          cpuTable,
          "",
          `A kit login costs ${cpuOf(KIT)} ms of CPU in all against ${cpuOf(RAW)} ms for the hash alone and ${cpuOf(BETTER_AUTH)} ms for Better Auth's sign-in with the same hash${pids.database === null ? " (the database server is not on this machine, so its share is not counted)" : ""}: the difference is the database operations' CPU, in Node (Mongoose, the driver) and in the database server. At ${cpuOf(KIT)} ms a login, ${String(cores)} fully busy cores would allow ${maxPerSecond(KIT)} logins/s; the hash alone allows ${maxPerSecond(RAW)}.`,
        ].join("\n"),
      },
    ],
  });
  console.log(`\n${markdown}`);
} finally {
  await Promise.allSettled([kit.drop(), betterAuth.close(), betterAuthScrypt.close()]);
}
