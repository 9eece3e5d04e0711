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

/** One auth event as an app writes it to standard output. */
export interface AuthLogEvent {
  event: "auth";
  time: string;
  type: string;
  username?: string | null;
  userId?: string;
  ip?: string | null;
  reason?: string;
}

/** The auth events among a server's log lines, in order. */
export function authEvents(logs: string): AuthLogEvent[] {
  return loggedEvents<AuthLogEvent>(logs, "auth");
}
