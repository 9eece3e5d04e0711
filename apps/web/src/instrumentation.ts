// Next calls register() once when the server starts. The NEXT_RUNTIME test must stay
// literal so Next can leave the Node-only start-up check out of its Edge bundle.
export async function register(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- Next's own runtime switch, not a setting
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./check-env.ts");
}
