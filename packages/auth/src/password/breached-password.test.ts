import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { checkBreachedPassword } from "./breached-password.ts";

const API = "https://pwned.example/api";
const PASSWORD = "vq8#Lm2!-correct-horse";
const DIGEST = createHash("sha1").update(PASSWORD).digest("hex").toUpperCase();
const PREFIX = DIGEST.slice(0, 5);
const SUFFIX = DIGEST.slice(5);

interface Call {
  url: string;
  init: RequestInit | undefined;
}

/** A fetch that records what it was asked and answers with `respond`, never the network. */
function fakeFetch(respond: (call: Call) => Promise<Response>): {
  fetch: typeof fetch;
  calls: Call[];
} {
  const calls: Call[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    const call = { url, init };
    calls.push(call);
    return respond(call);
  };
  return { fetch: fetchImpl, calls };
}

function answering(body: string, status = 200) {
  return fakeFetch(() => Promise.resolve(new Response(body, { status })));
}

/** A range answer with some unrelated lines around `lines`, CRLF-separated like the real API. */
function rangeBody(...lines: string[]): string {
  return [
    "0018A45C4D1DEF81644B54AB7F969B88D65:1",
    ...lines,
    "00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2",
    "011053FD0102E94D6AE2F8B83D76FAF94F6:13",
  ].join("\r\n");
}

function check(fetchImpl: typeof fetch, apiUrl = API, timeoutMs = 1_000) {
  return checkBreachedPassword(PASSWORD, { apiUrl, timeoutMs, fetch: fetchImpl });
}

describe("checkBreachedPassword", () => {
  describe("what leaves the server", () => {
    it("sends only the first 5 hex characters of the upper-case SHA-1", async () => {
      const fake = answering(rangeBody());
      await check(fake.fetch);
      expect(fake.calls).toHaveLength(1);
      const { url } = fake.calls[0] ?? { url: "" };
      expect(url).toBe(`${API}/range/${PREFIX}`);
      expect(url.endsWith(`/range/${PREFIX}`)).toBe(true);
      expect(url).not.toContain(DIGEST.slice(0, 6));
      expect(url.toUpperCase()).not.toContain(SUFFIX.slice(0, 5));
      expect(url).not.toContain(PASSWORD);
      expect(url).not.toContain(encodeURIComponent(PASSWORD));
    });

    it("asks for padding and passes an abort signal", async () => {
      const fake = answering(rangeBody());
      await check(fake.fetch);
      const init = fake.calls[0]?.init;
      expect(new Headers(init?.headers).get("add-padding")).toBe("true");
      expect(init?.signal).toBeInstanceOf(AbortSignal);
      expect(init?.body ?? null).toBeNull();
    });

    it.each([
      ["https://pwned.example/api", "https://pwned.example/api/range/"],
      ["https://pwned.example/api/", "https://pwned.example/api/range/"],
      ["https://api.pwnedpasswords.com", "https://api.pwnedpasswords.com/range/"],
      ["https://api.pwnedpasswords.com/", "https://api.pwnedpasswords.com/range/"],
    ])("builds the same URL from %s with or without a trailing slash", async (apiUrl, expected) => {
      const fake = answering(rangeBody());
      await check(fake.fetch, apiUrl);
      expect(fake.calls[0]?.url).toBe(`${expected}${PREFIX}`);
    });
  });

  describe("verdicts", () => {
    it.each([
      ["a matching suffix with a count", rangeBody(`${SUFFIX}:3`)],
      ["a matching suffix seen once", rangeBody(`${SUFFIX}:1`)],
      ["a matching suffix with a large count", rangeBody(`${SUFFIX}:3861493`)],
      ["a match on the first line", `${SUFFIX}:7\r\n${rangeBody()}`],
      ["a match on the last line, without CRLF", `${rangeBody()}\n${SUFFIX}:7`],
      ["a match with surrounding spaces", rangeBody(`  ${SUFFIX}:2  `)],
    ])("is breached for %s", async (_label, body) => {
      expect(await check(answering(body).fetch)).toBe("breached");
    });

    it.each([
      ["the suffix on a padding line with count 0", rangeBody(`${SUFFIX}:0`)],
      ["no matching suffix", rangeBody()],
      ["an empty answer", ""],
      ["another suffix that starts with ours", rangeBody(`${SUFFIX}0:5`)],
      ["our suffix without its last character", rangeBody(`${SUFFIX.slice(0, -1)}:5`)],
      ["the whole hash instead of the suffix", rangeBody(`${DIGEST}:5`)],
      ["the suffix without a count", rangeBody(SUFFIX)],
    ])("is clear for %s", async (_label, body) => {
      expect(await check(answering(body).fetch)).toBe("clear");
    });

    it.each([500, 502, 503, 404, 429, 403])("is unknown for HTTP %i", async (status) => {
      expect(await check(answering(rangeBody(`${SUFFIX}:3`), status).fetch)).toBe("unknown");
    });

    it("is unknown when fetch throws", async () => {
      const failing = fakeFetch(() => Promise.reject(new TypeError("fetch failed")));
      expect(await check(failing.fetch)).toBe("unknown");
    });

    it("is unknown when fetch throws synchronously", async () => {
      const throwing: typeof fetch = () => {
        throw new TypeError("invalid URL");
      };
      expect(await check(throwing)).toBe("unknown");
    });

    it("is unknown when the answer body breaks off", async () => {
      const broken = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(SUFFIX.slice(0, 10)));
          controller.error(new Error("connection reset"));
        },
      });
      const fake = fakeFetch(() => Promise.resolve(new Response(broken)));
      expect(await check(fake.fetch)).toBe("unknown");
    });

    it("is unknown once timeoutMs has passed without an answer", async () => {
      const hanging: typeof fetch = (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          const signal = init?.signal;
          signal?.addEventListener("abort", () => {
            reject(new Error("aborted", { cause: signal.reason }));
          });
        });
      const started = performance.now();
      expect(await check(hanging, API, 50)).toBe("unknown");
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(40);
      expect(elapsed).toBeLessThan(5_000);
    });
  });

  it("hashes the password exactly as given (the caller normalises it)", async () => {
    const composed = "caf\u00e9-vq8#Lm2!";
    const decomposed = "cafe\u0301-vq8#Lm2!";
    const fake = answering(rangeBody());
    await checkBreachedPassword(composed, { apiUrl: API, timeoutMs: 1_000, fetch: fake.fetch });
    await checkBreachedPassword(decomposed, { apiUrl: API, timeoutMs: 1_000, fetch: fake.fetch });
    const prefixes = fake.calls.map(({ url }) => url.slice(-5));
    expect(prefixes).toEqual([
      createHash("sha1").update(composed).digest("hex").slice(0, 5).toUpperCase(),
      createHash("sha1").update(decomposed).digest("hex").slice(0, 5).toUpperCase(),
    ]);
  });
});
