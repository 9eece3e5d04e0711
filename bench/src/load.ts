// One HTTP load run with autocannon (in this process, programmatically), with the server's
// peak memory and the CPU time per request of the server and the database around it.
import autocannon from "autocannon";

import { cpuPerOperation } from "./cpu.ts";
import type { Measurement } from "./measure.ts";
import { sampleRss } from "./rss.ts";

export interface HttpTarget {
  url: string;
  /** Request headers, e.g. the session cookie. */
  headers: Record<string, string>;
  /** Every response must have it: a benchmark of errors or redirects measures nothing. */
  expectStatus: number;
  /** The server process: its memory is sampled and its CPU time counted. */
  serverPid: number;
}

export interface HttpMeasurement extends Measurement {
  peakRssMiB: number;
  /** CPU ms per request in the server process (tree). */
  serverCpuMs: number;
  /** CPU ms per request in the database server; null if it is not a local process. */
  databaseCpuMs: number | null;
  /** CPU ms per request in this process: autocannon, which shares the cores. */
  loadGeneratorCpuMs: number;
}

export interface LoadOptions {
  connections: number;
  durationMs: number;
  databasePid: number | null;
}

export async function runLoad(target: HttpTarget, options: LoadOptions): Promise<HttpMeasurement> {
  const rss = sampleRss(target.serverPid);
  const ownCpuBefore = process.cpuUsage();
  const { result, cpu } = await cpuPerOperation(
    { worker: target.serverPid, database: options.databasePid },
    async () => {
      const run = await autocannon({
        url: target.url,
        headers: target.headers,
        connections: options.connections,
        duration: options.durationMs / 1000,
      });
      return { ...run, ops: run.requests.total };
    },
  ).catch(async (error: unknown) => {
    // Sampling stops on failure too, so that no timer is left running.
    await rss.stop();
    throw error;
  });
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const peakRssMiB = await rss.stop();

  const statuses = Object.entries(result.statusCodeStats ?? {}).map(
    ([status, { count = 0 }]) => `${status}×${String(count)}`,
  );
  const expected = result.statusCodeStats?.[`${target.expectStatus}`]?.count ?? 0;
  if (result.errors > 0 || expected !== result.requests.total || expected === 0) {
    throw new Error(
      `${target.url}: expected only ${String(target.expectStatus)}, got ${statuses.join(", ")} and ${String(result.errors)} errors`,
    );
  }
  return {
    ops: result.requests.total,
    opsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    peakRssMiB,
    serverCpuMs: cpu.workerMs,
    databaseCpuMs: cpu.databaseMs,
    loadGeneratorCpuMs: (ownCpu.user + ownCpu.system) / 1000 / result.requests.total,
  };
}
