// Linux /proc readers: the benchmarks look at servers from outside, as `ps` or `top` would.
// Where there is no /proc they find nothing (0, null, no children), and say so in the tables.
import { readdir, readFile, readlink } from "node:fs/promises";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node supports.

/** A process and all its descendants (a server may do its work in child processes). */
export async function processTree(pid: number): Promise<number[]> {
  const children = await readFile(`/proc/${String(pid)}/task/${String(pid)}/children`, "utf8")
    .then((text) => text.trim().split(/\s+/).filter(Boolean).map(Number))
    .catch(() => []);
  const descendants = await Promise.all(children.map(processTree));
  return [pid, ...descendants.flat()];
}

/** VmRSS of one process in KiB, or 0 once it is gone. */
export async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${String(pid)}/status`, "utf8").catch(() => "");
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match?.[1] ? Number(match[1]) : 0;
}

/** CPU time (user + system) a process has used so far, in ms; null once it is gone. */
export async function cpuMs(pid: number): Promise<number | null> {
  const stat = await readFile(`/proc/${String(pid)}/stat`, "utf8").catch(() => null);
  if (stat === null) return null;
  // The fields after the command name, which is in parentheses and may hold spaces:
  // utime and stime, fields 14 and 15 of the line, are the 12th and 13th of these.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Summed over a process tree: resident memory in KiB. */
export async function treeRssKiB(pid: number): Promise<number> {
  const sizes = await Promise.all((await processTree(pid)).map(rssKiB));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** Summed over a process tree: CPU ms so far; null if the process is gone. */
export async function treeCpuMs(pid: number): Promise<number | null> {
  const times = await Promise.all((await processTree(pid)).map(cpuMs));
  if (times[0] === null || times[0] === undefined) return null;
  return times.reduce<number>((sum, time) => sum + (time ?? 0), 0);
}

/**
 * The id of the local process listening on `port` (TCP, IPv4 or IPv6), or null when there
 * is none we can see: a remote server, or not Linux.
 */
export async function pidListeningOn(port: number): Promise<number | null> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const text = await readFile(table, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const [, local = "", , state, , , , , , inode] = line.trim().split(/\s+/);
      const localPort = Number.parseInt(local.split(":").at(-1) ?? "", 16);
      // 0A is TCP_LISTEN.
      if (state === "0A" && localPort === port && inode) inodes.add(inode);
    }
  }
  if (inodes.size === 0) return null;
  const pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return Number(pid);
    }
  }
  return null;
}
