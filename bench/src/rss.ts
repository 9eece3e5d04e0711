// Peak resident memory of a server under load, sampled from /proc while it runs.
import { treeRssKiB } from "./proc.ts";

export interface RssSampler {
  /** Stops sampling; resolves with the highest total seen, in MiB. */
  stop(): Promise<number>;
}

/** Samples the resident memory of a process and its children every `intervalMs` until stopped. */
export function sampleRss(pid: number, intervalMs = 100): RssSampler {
  let peakKiB = 0;
  // One sample at a time: a slow read must not overlap the next.
  let sampling = Promise.resolve();
  const sample = (): void => {
    sampling = sampling.then(async () => {
      peakKiB = Math.max(peakKiB, await treeRssKiB(pid));
    });
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      sample();
      await sampling;
      return peakKiB / 1024;
    },
  };
}
