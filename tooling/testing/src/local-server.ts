// Listening and closing for the test servers that live in the test process (the OpenID
// providers): a port the system picks, an origin to name it by, and a stop that does not wait.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Listens on a port the system picks and returns the server's origin, e.g.
 * http://127.0.0.1:41234. Listening first, rather than asking `freePort` and then listening,
 * leaves no moment in which another process could take the port.
 */
export function listenOnFreePort(server: Server, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      resolve(`http://${host.includes(":") ? `[${host}]` : host}:${port}`);
    });
  });
}

/** Closes the server and its open keep-alive connections: a test server has nothing to drain. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}
