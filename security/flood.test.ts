// HD-01: a login flood must not take landing down, nor slow its pages to a crawl. Excess
// logins are turned away fast — 429 once the client's budget of failures is spent, 503
// when the bounded hashing queue is full — instead of piling up. Half the flood is a real
// user logging in, half is guessing at other accounts.
import type { AppServer } from "@monorepo-auth/testing/app-server";
import { postForm, request, type HttpResult } from "@monorepo-auth/testing/http";
import { residentMiB } from "@monorepo-auth/testing/process-stats";
import { PASSWORD, signUp } from "@monorepo-auth/testing/sign-in";
import { median } from "@monorepo-auth/testing/statistics";
import { startTestApps, type TestApps } from "@monorepo-auth/testing/test-apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { isAlive } from "./support/is-alive.ts";

const LOGINS = 200;
const PARALLEL = 50;

describe("HD-01: 200 logins, 50 at a time, while another client browses landing", () => {
  let apps: TestApps<"landing">;
  let landing: AppServer;

  beforeAll(async () => {
    apps = await startTestApps(["landing"]);
    landing = apps.landing;
    await signUp(apps, { username: "flooded" });
  });
  afterAll(async () => {
    await apps.stop();
  });

  it("stays up with bounded memory, keeps serving pages fast, and turns the excess away fast", async () => {
    // Warm up the pages and the hashing first, so the baseline is a running server.
    await request(`${landing.url}/`);
    await postForm(`${landing.url}/api/login`, { username: "flooded", password: PASSWORD });
    const baselineMib = await residentMiB(landing.pid);

    const flood = new AbortController();
    let peakMib = baselineMib;
    const pageTimes: number[] = [];
    const browse = (async () => {
      while (!flood.signal.aborted) {
        pageTimes.push((await request(`${landing.url}/`)).ms);
        peakMib = Math.max(peakMib, await residentMiB(landing.pid));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    const results: HttpResult[] = [];
    let next = 0;
    const worker = async () => {
      while (next < LOGINS) {
        const attempt = next++;
        const credentials =
          attempt % 2 === 0
            ? { username: "flooded", password: PASSWORD }
            : { username: `guess${String(attempt)}`, password: "a wrong guess" };
        results.push(await postForm(`${landing.url}/api/login`, credentials));
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    flood.abort();
    await browse;

    const statuses = new Set(results.map((result) => result.status));
    expect([...statuses].filter((status) => ![303, 400, 429, 503].includes(status))).toEqual([]);
    expect(results.some((result) => result.status === 303)).toBe(true);
    // The default budget is 30 failures per client: at least 70 guesses are turned away.
    const turnedAway = results.filter((result) => result.status === 429 || result.status === 503);
    expect(turnedAway.length).toBeGreaterThanOrEqual(70);
    expect(median(turnedAway.map((result) => result.ms))).toBeLessThan(3_000);

    expect(isAlive(landing.pid)).toBe(true);
    expect((await request(`${landing.url}/api/health`)).status).toBe(200);
    // 19 MiB per running hash, a few running at once: far from unbounded.
    expect(peakMib - baselineMib).toBeLessThan(300);
    expect(pageTimes.length).toBeGreaterThan(5);
    expect(median(pageTimes)).toBeLessThan(500);
    expect(Math.max(...pageTimes)).toBeLessThan(5_000);
  });
});
