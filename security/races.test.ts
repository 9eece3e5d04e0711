// RL-07: concurrent sign-ups of one name, over HTTP, create exactly one user.
import type { AppServer } from "@monorepo-auth/testing/app-server";
import { postForm } from "@monorepo-auth/testing/http";
import { PASSWORD } from "@monorepo-auth/testing/sign-in";
import { uniqueIp } from "@monorepo-auth/testing/unique";
import { userCount } from "@monorepo-auth/testing/stored-users";
import { startTestApps, type TestApps } from "@monorepo-auth/testing/test-apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("RL-07: 20 parallel sign-ups of one name", () => {
  let apps: TestApps<"landing">;
  let landing: AppServer;

  beforeAll(async () => {
    // Each sign-up comes from a client of its own, as a real race would: one address may
    // hold only its share of the hashing slots, and this is not a flood.
    apps = await startTestApps(["landing"], {
      env: { IP_ATTEMPT_LIMIT: "1000", TRUST_PROXY_HOPS: "1" },
    });
    landing = apps.landing;
  });
  afterAll(async () => {
    await apps.stop();
  });

  const signUps = (names: string[]) =>
    Promise.all(
      names.map((username) =>
        postForm(
          `${landing.url}/api/signup`,
          { username, password: PASSWORD },
          { headers: { accept: "application/json", "x-forwarded-for": uniqueIp() } },
        ),
      ),
    );

  it.each([
    ["one spelling", Array.from({ length: 20 }, () => "racer")],
    [
      "mixed case and width",
      Array.from({ length: 5 }, () => ["Racer2", "racer2", "RACER2", "ｒａｃｅｒ２"]).flat(),
    ],
  ])("%s: exactly one 303, the rest 409, no 500, one document", async (_label, names) => {
    const results = await signUps(names);
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 303)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    expect(
      results
        .filter((result) => result.status === 409)
        .every((result) => result.body === '{"error":"username_taken"}'),
    ).toBe(true);
    const canonical = (names[0] ?? "").normalize("NFKC").toLowerCase();
    expect(await userCount(apps, canonical)).toBe(1);
  });
});
