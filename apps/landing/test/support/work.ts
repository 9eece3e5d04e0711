// The work a request makes the server do, for the promises that are about work rather than
// answers: a hash verified for an unknown user as for a wrong password (EN-02), none for a
// throttled attempt (BF-06). Wall-clock time on a shared machine says little about either;
// CPU time does: one argon2 verification is tens of milliseconds of it, on some thread of
// the server's process, and nothing else a login does costs near that.
import { hashPassword, verifyPassword } from "@monorepo-auth/auth/password/password-hash";
import { cpuTimeMs } from "@monorepo-auth/testing/process-stats";
import { median } from "@monorepo-auth/testing/statistics";

import type { Landing } from "./landing.ts";

/**
 * CPU ms of one argon2 verification with the app's own parameters, measured in this process
 * on this machine (median of five): the unit the server's work is counted in.
 */
export async function verificationCpuMs(): Promise<number> {
  const phc = await hashPassword("a password to verify against");
  const samples: number[] = [];
  for (let index = 0; index < 5; index++) {
    const before = process.cpuUsage();
    await verifyPassword(phc, "not the password");
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  return median(samples);
}

/** One request as timed from outside and costed inside. */
export interface Sample {
  /** Wall-clock time of the request. */
  ms: number;
  /** CPU time the server used meanwhile. */
  cpuMs: number;
}

export function meanCpuMs(samples: readonly Sample[]): number {
  return samples.reduce((sum, sample) => sum + sample.cpuMs, 0) / samples.length;
}

/** Runs `request` and returns its result with the CPU ms the server used meanwhile. */
export async function withServerCpu<T>(
  landing: Landing,
  request: () => Promise<T>,
): Promise<{ result: T; cpuMs: number }> {
  const before = await cpuTimeMs(landing.app.pid);
  const result = await request();
  return { result, cpuMs: (await cpuTimeMs(landing.app.pid)) - before };
}
