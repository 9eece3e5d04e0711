import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

import { mongo } from "mongoose";

import { testMongodbUri } from "./env.ts";

/** A command as the driver sends it: `{ find: "sessions", filter: {...}, ... }`. */
export type Command = Record<string, unknown>;

/**
 * A TCP relay in front of the test database that a test can unplug: `down()` refuses and
 * cuts every connection as a stopped server would; `stall()` accepts and never answers,
 * as a hung one would; `stallCommands(match)` lets everything through but the commands
 * `match` picks, which hang (with the rest of their connection) as on a server stuck on
 * one query; `up()` brings it back on the same port.
 */
export interface DatabaseProxy {
  /** A mongodb:// URI through the proxy (no database name). */
  uri: string;
  up(): Promise<void>;
  down(): Promise<void>;
  stall(): Promise<void>;
  stallCommands(match: (command: Command) => boolean): void;
  close(): Promise<void>;
}

// The wire protocol's framing: every message starts with its length; OP_MSG (2013) carries
// its command as the BSON document of a kind-0 section right after the header and flags.
const OP_MSG = 2013;

/** The command a client message carries, or null for anything but a plain OP_MSG. */
function commandOf(message: Buffer): Command | null {
  if (message.length < 21 || message.readInt32LE(12) !== OP_MSG || message[20] !== 0) return null;
  const size = message.readInt32LE(21);
  return mongo.BSON.deserialize(message.subarray(21, 21 + size));
}

export async function startDatabaseProxy(target = testMongodbUri()): Promise<DatabaseProxy> {
  const match = /^mongodb:\/\/([^/@,?]+):(\d+)\/?/.exec(target);
  if (!match?.[1] || !match[2]) {
    throw new Error("The database proxy needs a single-host mongodb://host:port URI");
  }
  const [host, port] = [match[1], Number(match[2])];
  const sockets = new Set<Socket>();
  let mode: "forward" | "stall" = "forward";
  let stalls: ((command: Command) => boolean) | null = null;
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
      upstream.pipe(client);
      // Relays whole messages, so that each command can be looked at before it goes on.
      let pending = Buffer.alloc(0);
      let stuck = false;
      client.on("data", (chunk: Buffer) => {
        if (stuck) return;
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
          const message = pending.subarray(0, pending.readInt32LE(0));
          pending = pending.subarray(message.length);
          const command = stalls ? commandOf(message) : null;
          if (command && stalls?.(command)) {
            stuck = true;
            return;
          }
          upstream.write(message);
        }
      });
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
    stallCommands(match) {
      stalls = match;
    },
    async up() {
      mode = "forward";
      stalls = null;
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
