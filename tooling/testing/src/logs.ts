/**
 * The JSON lines of a server's output (`AppServer.logs()`) whose `event` field is `event`
 * ("auth", "database"), parsed, in the order written. Other lines are skipped.
 */
export function loggedEvents<T>(logs: string, event: string): T[] {
  return logs
    .split("\n")
    .filter((line) => line.startsWith("{") && line.includes(`"event":${JSON.stringify(event)}`))
    .map((line) => JSON.parse(line) as T)
    .filter((record) => (record as { event?: unknown }).event === event);
}
