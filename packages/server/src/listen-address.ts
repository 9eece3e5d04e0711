/**
 * Where an app's production server listens, from HOST and PORT as the app's settings file
 * read them: `localhost` and the app's own port unless told otherwise (HOST=0.0.0.0 in a
 * container). Empty counts as unset, as for every other setting.
 * @throws {Error} naming PORT when it is not a TCP port.
 */
export function listenAddress(
  vars: Readonly<Record<string, string | undefined>>,
  defaultPort: number,
): { host: string; port: number } {
  const set = (name: string): string | undefined => (vars[name] === "" ? undefined : vars[name]);
  const port = Number(set("PORT") ?? String(defaultPort));
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
    throw new Error("PORT must be a TCP port number");
  }
  return { host: set("HOST") ?? "localhost", port };
}
