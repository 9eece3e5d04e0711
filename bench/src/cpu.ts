// CPU time per operation, to say where the machine's cores go during a run: this Node
// process (its event loop and libuv's thread pool, where argon2 runs), a server under test,
// and the database server, which on a local database shares the same cores.
import { pidListeningOn, treeCpuMs } from "./proc.ts";

export interface CpuSplit {
  /** CPU ms per operation in the process (tree) that does the work. */
  workerMs: number;
  /** CPU ms per operation in the database server; null if it is not a local process. */
  databaseMs: number | null;
}

/**
 * Runs `work` and divides the CPU time it cost by the operations it reports. `workerPid`
 * is the process doing the work: this one for in-process benchmarks, or a server's.
 */
export async function cpuPerOperation<Result extends { ops: number }>(
  pids: { worker: number; database: number | null },
  work: () => Promise<Result>,
): Promise<{ result: Result; cpu: CpuSplit }> {
  const read = (pid: number | null): Promise<number | null> =>
    pid === null ? Promise.resolve(null) : treeCpuMs(pid);
  const [workerBefore, databaseBefore] = await Promise.all([
    read(pids.worker),
    read(pids.database),
  ]);
  const result = await work();
  const [workerAfter, databaseAfter] = await Promise.all([read(pids.worker), read(pids.database)]);
  const perOp = (before: number | null, after: number | null): number | null =>
    before === null || after === null ? null : (after - before) / result.ops;
  return {
    result,
    cpu: {
      workerMs: perOp(workerBefore, workerAfter) ?? Number.NaN,
      databaseMs: perOp(databaseBefore, databaseAfter),
    },
  };
}

/** The database server's process id when it runs on this machine, else null. */
export async function localDatabasePid(mongodbUri: string): Promise<number | null> {
  const match = /^mongodb:\/\/(?:[^@/]*@)?(?:localhost|127\.0\.0\.1|\[::1\]):(\d+)/.exec(
    mongodbUri,
  );
  return match?.[1] ? pidListeningOn(Number(match[1])) : null;
}

/** A CPU split as table cells: worker, database server, both. */
export function cpuCells(cpu: CpuSplit): string[] {
  const { workerMs, databaseMs } = cpu;
  return [
    workerMs.toFixed(2),
    databaseMs === null ? "n/a" : databaseMs.toFixed(2),
    databaseMs === null ? "n/a" : (workerMs + databaseMs).toFixed(2),
  ];
}
