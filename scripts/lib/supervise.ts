import { spawn, type ChildProcess } from "node:child_process";

import type { LocalDatabase } from "./local-database.ts";

/**
 * Runs a long-lived command (the apps) next to the local database, and makes sure that
 * stopping either stops both: Ctrl-C, a SIGTERM from outside, or the command exiting on
 * its own. Nothing is left running and no port stays taken.
 */
export function superviseWithDatabase(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  database: LocalDatabase,
  cwd: string,
): void {
  // In a process group of its own, signalled as a group: the command may be a wrapper (npm's
  // turbo is a Node script that starts turbo's binary) that exits on a signal without
  // passing it on, which would leave the binary and the apps running.
  const child: ChildProcess = spawn(command, args, { stdio: "inherit", env, cwd, detached: true });
  let stopping = false;

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    signalGroup(signal);
    // A command that ignores the signal still goes, a little later.
    setTimeout(() => {
      signalGroup("SIGKILL");
    }, 10_000).unref();
  };
  process.on("SIGINT", () => {
    stop("SIGINT");
  });
  process.on("SIGTERM", () => {
    stop("SIGTERM");
  });
  process.on("SIGHUP", () => {
    stop("SIGTERM");
  });

  child.once("exit", (code, signal) => {
    void database.stop().finally(() => {
      process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
    });
  });
}

/**
 * This environment without HOST and PORT: locally each app listens on its own port
 * (landing 4321, web 3000, admin 5173), and one PORT would send them all to the same one.
 */
export function processEnvWithoutListenAddress(): NodeJS.ProcessEnv {
  const { HOST: _host, PORT: _port, ...rest } = process.env;
  return rest;
}
