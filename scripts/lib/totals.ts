// The one line `npm test` ends with, and its exit code: everything the steps found adds up
// here, so a step that could not be judged shows as a failure instead of as nothing.

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

/** What one step of the test command adds to the totals, and the lines that explain it. */
export interface Verdict {
  totals: Totals;
  messages: string[];
}

export const noTotals = (): Totals => ({ passed: 0, failed: 0, skipped: 0 });

export function addTotals(a: Totals, b: Totals): Totals {
  return {
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    skipped: a.skipped + b.skipped,
  };
}

/** A step that failed as a whole (the build, the command itself): one failure. */
export function failedStep(message: string): Verdict {
  return { totals: { passed: 0, failed: 1, skipped: 0 }, messages: [message] };
}

/** The totals of every step, and their messages in order. */
export function sumVerdicts(verdicts: readonly Verdict[]): Verdict {
  return {
    totals: verdicts.reduce((sum, verdict) => addTotals(sum, verdict.totals), noTotals()),
    messages: verdicts.flatMap((verdict) => verdict.messages),
  };
}

/** `N passed, N failed`, then `, N skipped` when any were. */
export function formatTotals({ passed, failed, skipped }: Totals): string {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}

/** Non-zero when anything failed, and when nothing passed: a run of nothing proves nothing. */
export function exitCodeFor({ passed, failed }: Totals): number {
  return failed > 0 || passed === 0 ? 1 : 0;
}
