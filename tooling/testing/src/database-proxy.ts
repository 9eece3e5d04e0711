import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

import { testMongodbUri } from "./env.ts";

/**
 * A TCP relay in front of the test database that a test can unplug: `down()` refuses and
 * cuts every connection as a stopped server would; `stall()` accepts and never answers,
 * as a hung one would; `up()` brings it back on the same port.
 */
export interface DatabaseProxy {
  /** A mongodb:// URI through the proxy (no database name). */
  uri: string;
  up(): Promise<void>;
  down(): Promise<void>;
  stall(): Promise<void>;
  close(): Promise<void>;
}

export async function startDatabaseProxy(target = testMongodbUri()): Promise<DatabaseProxy> {
  const match = /^mongodb:\/\/([^/@,?]+):(\d+)\/?/.exec(target);
  if (!match?.[1] || !match[2]) {
    throw new Error("The database proxy needs a single-host mongodb://host:port URI");
  }
  const [host, port] = [match[1], Number(match[2])];
  const sockets = new Set<Socket>();
  let mode: "forward" | "stall" = "forward";
  let server: Server | undefined;
  let listenPort = 0;

  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };

  const listen = async (): Promise<void> => {
    const next = createServer((client) => {
      track(client);
      if (mode === "stall") return;
      const upstream = connect(port, host);
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      next.once("error", reject);
      next.listen(listenPort, "127.0.0.1", () => {
        resolve();
      });
    });
    listenPort = (next.address() as AddressInfo).port;
    server = next;
  };

  const cut = async (): Promise<void> => {
    const current = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (current)
      await new Promise<void>((resolve) =>
        current.close(() => {
          resolve();
        }),
      );
  };

  await listen();
  return {
    uri: `mongodb://127.0.0.1:${listenPort}/`,
    async up() {
      mode = "forward";
      if (!server) await listen();
    },
    async down() {
      await cut();
    },
    async stall() {
      await cut();
      mode = "stall";
      await listen();
    },
    async close() {
      await cut();
    },
  };
}
