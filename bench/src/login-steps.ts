// Where a kit login's time goes: the steps of `logIn` (packages/auth/src/users/log-in.ts),
// made one after another with the same functions it calls, each timed. Run at concurrency 1
// so that a step's time is its own and not time spent waiting behind others.
import { rememberDevice } from "@monorepo-auth/auth/internals/device/trusted-device";
import { ipThrottleKey } from "@monorepo-auth/auth/internals/request/client-ip";
import { createSession } from "@monorepo-auth/auth/session/session";
import { verifyPassword } from "@monorepo-auth/auth/password/password-hash";
import { countFailures } from "@monorepo-auth/auth/internals/throttle/failure-budget";
import { ACCOUNT_BUDGET, accountKey, ipKey } from "@monorepo-auth/auth/internals/throttle/throttle";
import { trimUserSessions } from "@monorepo-auth/db/sessions";
import { findSignInState, findUserByUsername } from "@monorepo-auth/db/users";

import { BENCH_CLIENT, type KitUnderTest } from "./kit.ts";
import { percentile } from "./measure.ts";

export interface StepTime {
  step: string;
  /** Median over the logins timed. */
  medianMs: number;
}

/** Times `iterations` logins of `username` step by step; returns each step's median. */
export async function timeLoginSteps(
  kit: KitUnderTest,
  username: string,
  password: string,
  iterations: number,
): Promise<StepTime[]> {
  const { database, auth } = kit;
  const { settings } = auth;
  const ipBudget = { limit: settings.ipAttemptLimit, windowMs: settings.ipAttemptWindowMs };
  const lifetime = {
    idleTimeoutMs: settings.sessionIdleTimeoutMs,
    absoluteLifetimeMs: settings.sessionAbsoluteLifetimeMs,
  };
  const times = new Map<string, number[]>();
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    const list = times.get(step) ?? [];
    list.push(performance.now() - started);
    times.set(step, list);
    return result;
  };
  for (let i = 0; i < iterations; i++) {
    const now = new Date();
    const claims = [
      { key: ipKey(ipThrottleKey(BENCH_CLIENT.ip)), budget: ipBudget },
      { key: accountKey(username), budget: ACCOUNT_BUDGET },
    ];
    const budgets = await timed("both budgets: count their failures", () =>
      countFailures(database, claims, now),
    );
    const admission = await budgets.admit(claims);
    budgets.release();
    if (!admission.allowed) throw new Error("throttled while timing login steps");
    const user = await timed("the name's claim and the user read", () =>
      findUserByUsername(database, username),
    );
    if (!user) throw new Error(`no user ${username}`);
    const verified = await timed("argon2id verify", () =>
      verifyPassword(user.passwordHash, password),
    );
    if (!verified) throw new Error("wrong password while timing login steps");
    const created = await timed("session insert", () =>
      createSession(
        database,
        {
          user: { id: user.id, username },
          userAgent: BENCH_CLIENT.userAgent,
          ip: BENCH_CLIENT.ip,
          method: "password",
        },
        lifetime,
        now,
      ),
    );
    await timed("security stamp read again", () => findSignInState(database, user.id));
    await timed("the user's sessions beyond the limit (found, none to end)", () =>
      trimUserSessions(database, user.id, settings.maxSessionsPerUser, created.session.id),
    );
    await timed("device token: insert, and the user's tokens beyond 20", () =>
      rememberDevice(database, user, now),
    );
  }

  return [...times].map(([step, list]) => ({
    step,
    medianMs: percentile(
      [...list].sort((a, b) => a - b),
      0.5,
    ),
  }));
}
