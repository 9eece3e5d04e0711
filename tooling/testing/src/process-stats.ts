// What a server process costs, read from outside as `ps` would (Linux /proc): the CPU time
// it has used (all its threads, argon2's too) and its resident memory. Tests use them to
// prove work that done or not done leaves no other trace, such as a hash computed.
import { readFile, writeFile } from "node:fs/promises";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node supports.

/** CPU time (user + system, every thread) the process has used so far, in ms. */
export async function cpuTimeMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${String(pid)}/stat`, "utf8");
  // After the command name, which is in parentheses and may hold spaces, utime and stime
  // (fields 14 and 15 of the line) are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`no CPU times in /proc/${String(pid)}/stat`);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Resident memory of the process (VmRSS) in MiB. */
export async function residentMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${String(pid)}/status`, "utf8");
  const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS in /proc/${String(pid)}/status`);
  return Number(kib) / 1024;
}

/** Starts a new peak: the process's peak resident memory (VmHWM) is set to its current RSS. */
export async function resetPeakResident(pid: number): Promise<void> {
  await writeFile(`/proc/${String(pid)}/clear_refs`, "5");
}

/** Peak resident memory of the process (VmHWM) in MiB, since it started or since the last reset. */
export async function peakResidentMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${String(pid)}/status`, "utf8");
  const kib = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmHWM in /proc/${String(pid)}/status`);
  return Number(kib) / 1024;
}
