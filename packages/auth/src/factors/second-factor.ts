import {
  claimTotpStep,
  findTotpFactor,
  resealTotpKey,
  takeRecoveryCode,
  countRecoveryCodes,
} from "@monorepo-auth/db/second-factors";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import type { SessionUser } from "../session/session.ts";
import { countFailures } from "../throttle/failure-budget.ts";
import { ACCOUNT_BUDGET, accountKey, type Claim } from "../throttle/throttle.ts";
import { canonicalRecoveryCode, recoveryCodeHash } from "./recovery-codes.ts";
import { matchTotpStep, TOTP_PERIOD_SECONDS } from "./totp.ts";

/** How a second factor was proved. */
export type ProvedFactor =
  { method: "totp" } | { method: "recovery-code"; recoveryCodesLeft: number };

export type SecondFactorError =
  "code_invalid" | "too_many_attempts" | "busy" | "factors_unavailable";

// A step is remembered past the last moment its code can match (one step of drift).
const STEP_MEMORY_MS = 3 * TOTP_PERIOD_SECONDS * 1000;

/**
 * The user's authenticator key, opened, or null when they have none (`enabled`: only a key
 * already turned on; otherwise only one being set up). "unavailable" when it cannot be
 * opened: no AUTH_ENCRYPTION_KEY, or not the key it was sealed with.
 */
export async function openTotpKey(
  context: AuthContext,
  userId: string,
  which: "enabled" | "being-set-up",
): Promise<{ key: Uint8Array; sealedKey: string } | null | "unavailable"> {
  const factor = await findTotpFactor(context.database, userId);
  if (!factor || (factor.enabledAt !== null) !== (which === "enabled")) return null;
  const opened = context.secretBox?.open(factor.sealedKey, userId) ?? null;
  if (!opened) return "unavailable";
  if (opened.stale && context.secretBox) {
    const resealed = context.secretBox.seal(opened.plain, userId);
    await resealTotpKey(context.database, userId, { from: factor.sealedKey, to: resealed });
  }
  return { key: opened.plain, sealedKey: factor.sealedKey };
}

/**
 * Checks a code against the account's key: once per time step (a code seen over someone's
 * shoulder, or replayed, is refused once used), or a recovery code, once. Wrong codes count
 * against the account's budget of failed logins, as wrong passwords do, so codes cannot be
 * guessed faster than passwords: the account's, or (`budget`) the one of a browser that
 * signed in to the account before, as at login. `which` says whether the key must be
 * turned on already (signing in, turning it off) or be the one being set up (its first code).
 */
export async function proveSecondFactor(
  context: AuthContext,
  user: SessionUser,
  code: string,
  options: { ip: string | null; which?: "enabled" | "being-set-up"; budget?: Claim },
): Promise<AuthResult<ProvedFactor, SecondFactorError>> {
  const now = context.clock();
  const account: Claim = options.budget ?? {
    key: accountKey(user.username),
    budget: ACCOUNT_BUDGET,
  };
  const budgets = await countFailures(context.database, [account], now);
  try {
    const admission = await budgets.admit([account]);
    if (!admission.allowed && "crowded" in admission) return failure("busy");
    if (!admission.allowed) return failure("too_many_attempts", admission.retryAfterSeconds);

    const which = options.which ?? "enabled";
    const proved = await check(context, user, code.replace(/\s/g, ""), which, now);
    if (proved === "unavailable") {
      // Loud: an operator who lost or changed AUTH_ENCRYPTION_KEY locks these users out.
      context.emit({
        type: "second_factor_failed",
        username: user.username,
        userId: user.id,
        ip: options.ip,
        reason: "factors_unavailable",
      });
      return failure("factors_unavailable");
    }
    if (!proved) {
      await budgets.fail([account]);
      context.emit({
        type: "second_factor_failed",
        username: user.username,
        userId: user.id,
        ip: options.ip,
      });
      return failure("code_invalid");
    }
    budgets.release();
    await budgets.forget([account]);
    return { ok: true, ...proved };
  } finally {
    budgets.release();
  }
}

async function check(
  context: AuthContext,
  user: SessionUser,
  code: string,
  which: "enabled" | "being-set-up",
  now: Date,
): Promise<ProvedFactor | null | "unavailable"> {
  if (/^\d{6}$/.test(code)) {
    const opened = await openTotpKey(context, user.id, which);
    if (opened === null || opened === "unavailable") return opened;
    const step = matchTotpStep(opened.key, code, now);
    if (step === null) return null;
    const expiresAt = new Date(now.getTime() + STEP_MEMORY_MS);
    const claimed = await claimTotpStep(context.database, { userId: user.id, step, expiresAt });
    return claimed === "claimed" ? { method: "totp" } : null;
  }
  const canonical = which === "enabled" ? canonicalRecoveryCode(code) : null;
  if (!canonical) return null;
  if (!(await takeRecoveryCode(context.database, user.id, recoveryCodeHash(canonical))))
    return null;
  return {
    method: "recovery-code",
    recoveryCodesLeft: await countRecoveryCodes(context.database, user.id),
  };
}
