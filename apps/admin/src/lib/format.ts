// Times as the console shows them: one format and one zone (UTC) on every page, so that an
// audit entry and a session can be compared at a glance whoever reads them.
const WHEN = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** "Nov 30, 2025, 6:03 PM UTC". */
export function formatWhen(date: Date): string {
  return `${WHEN.format(date)} UTC`;
}

/** A number of seconds as minutes to wait, rounded up: "1 minute", "15 minutes". */
export function formatMinutes(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? "1 minute" : `${String(minutes)} minutes`;
}
