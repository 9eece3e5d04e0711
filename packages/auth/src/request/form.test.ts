import { describe, expect, it } from "vitest";

import { MAX_FORM_BYTES, readForm } from "./form.ts";

const URL_ENCODED = "application/x-www-form-urlencoded";
const LOGIN = { required: ["username", "password"], optional: ["returnTo"] } as const;

function post(body: RequestInit["body"], headers: Record<string, string> = {}): Request {
  return new Request("http://x/", { method: "POST", body, headers });
}

function urlEncoded(body: string, headers: Record<string, string> = {}): Request {
  return post(body, { "content-type": URL_ENCODED, ...headers });
}

/** A body sent in chunks with no Content-Length, as a client streaming it would. */
function streamed(chunks: readonly Uint8Array[], contentType = URL_ENCODED): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Request("http://x/", {
    method: "POST",
    body,
    headers: { "content-type": contentType },
    duplex: "half",
  });
}

describe("MAX_FORM_BYTES", () => {
  it("is 16 KiB", () => {
    expect(MAX_FORM_BYTES).toBe(16_384);
  });
});

describe("readForm", () => {
  describe("accepted forms", () => {
    it("reads a url-encoded form", async () => {
      const result = await readForm(urlEncoded("username=alice&password=s3cr%26t+x"), LOGIN);
      expect(result).toEqual({ ok: true, fields: { username: "alice", password: "s3cr&t x" } });
    });

    it("reads a multipart form", async () => {
      const form = new FormData();
      form.set("username", "alice");
      form.set("password", "pässword");
      const request = post(form);
      expect(request.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
      expect(await readForm(request, LOGIN)).toEqual({
        ok: true,
        fields: { username: "alice", password: "pässword" },
      });
    });

    it.each([
      `${URL_ENCODED}; charset=UTF-8`,
      `${URL_ENCODED};charset=utf-8`,
      "APPLICATION/X-WWW-FORM-URLENCODED",
      `  ${URL_ENCODED}  `,
    ])("accepts the content type %j", async (contentType) => {
      const result = await readForm(
        post("username=alice&password=pw", { "content-type": contentType }),
        LOGIN,
      );
      expect(result).toEqual({ ok: true, fields: { username: "alice", password: "pw" } });
    });

    it("reads an optional field when present and leaves it out when absent", async () => {
      const present = await readForm(
        urlEncoded("username=a&password=b&returnTo=%2Faccount"),
        LOGIN,
      );
      expect(present).toEqual({
        ok: true,
        fields: { username: "a", password: "b", returnTo: "/account" },
      });
      const absent = await readForm(urlEncoded("username=a&password=b"), LOGIN);
      expect(absent).toEqual({ ok: true, fields: { username: "a", password: "b" } });
      expect(absent.ok && Object.hasOwn(absent.fields, "returnTo")).toBe(false);
    });

    it("keeps empty values as empty strings", async () => {
      expect(await readForm(urlEncoded("username=&password="), LOGIN)).toEqual({
        ok: true,
        fields: { username: "", password: "" },
      });
    });

    it("ignores fields it was not asked for", async () => {
      const result = await readForm(
        urlEncoded("username=alice&password=pw&role=admin&_id=1&passwordHash=x&__proto__=y"),
        LOGIN,
      );
      expect(result).toEqual({ ok: true, fields: { username: "alice", password: "pw" } });
      expect(result.ok && Object.keys(result.fields).sort()).toEqual(["password", "username"]);
    });

    it("accepts a 10,000-character password, which fits the cap", async () => {
      const password = "p".repeat(10_000);
      const result = await readForm(urlEncoded(`username=alice&password=${password}`), LOGIN);
      expect(result).toEqual({ ok: true, fields: { username: "alice", password } });
    });

    it("accepts a streamed body without Content-Length that fits the cap", async () => {
      const encoder = new TextEncoder();
      const result = await readForm(
        streamed([encoder.encode("username=al"), encoder.encode("ice&password=pw")]),
        LOGIN,
      );
      expect(result).toEqual({ ok: true, fields: { username: "alice", password: "pw" } });
    });
  });

  describe("unsupported media types", () => {
    it.each([
      ["no content type", undefined],
      ["JSON", "application/json"],
      ["plain text", "text/plain"],
      ["XML", "application/xml"],
      ["an empty content type", ""],
      ["a look-alike", "application/x-www-form-urlencoded-evil"],
      ["a bare parameter", "; application/x-www-form-urlencoded"],
    ])("refuses %s", async (_label, contentType) => {
      const headers: Record<string, string> =
        contentType === undefined ? {} : { "content-type": contentType };
      const body = new TextEncoder().encode("username=alice&password=pw");
      const request = post(body, headers);
      expect(await readForm(request, LOGIN)).toEqual({
        ok: false,
        error: "unsupported_media_type",
      });
    });

    it("refuses an operator object sent as JSON", async () => {
      const request = post(JSON.stringify({ username: { $ne: "" }, password: { $ne: "" } }), {
        "content-type": "application/json",
      });
      expect(await readForm(request, LOGIN)).toEqual({
        ok: false,
        error: "unsupported_media_type",
      });
    });
  });

  describe("invalid requests", () => {
    it.each([
      ["operator keys instead of the fields", "username[$ne]=x&password[$ne]=x"],
      ["a missing required field", "username=alice"],
      ["no fields at all", ""],
      ["a duplicated required field", "username=alice&username=bob&password=pw"],
      ["a duplicated optional field", "username=a&password=b&returnTo=%2F&returnTo=%2F%2Fevil.com"],
      ["a field name differing in case", "Username=alice&password=pw"],
    ])("refuses %s", async (_label, body) => {
      expect(await readForm(urlEncoded(body), LOGIN)).toEqual({
        ok: false,
        error: "invalid_request",
      });
    });

    it("refuses a file in a named field", async () => {
      const form = new FormData();
      form.set("username", "alice");
      form.set("password", new Blob(["pw"], { type: "text/plain" }), "password.txt");
      expect(await readForm(post(form), LOGIN)).toEqual({ ok: false, error: "invalid_request" });
    });

    it("ignores a file in a field it was not asked for", async () => {
      const form = new FormData();
      form.set("username", "alice");
      form.set("password", "pw");
      form.set("avatar", new Blob(["x"]), "avatar.png");
      expect(await readForm(post(form), LOGIN)).toEqual({
        ok: true,
        fields: { username: "alice", password: "pw" },
      });
    });

    it("refuses a duplicated field in a multipart form", async () => {
      const form = new FormData();
      form.append("username", "alice");
      form.append("username", "bob");
      form.append("password", "pw");
      expect(await readForm(post(form), LOGIN)).toEqual({ ok: false, error: "invalid_request" });
    });

    it("refuses a url-encoded body that is not valid UTF-8", async () => {
      const prefix = new TextEncoder().encode("username=al");
      const body = new Uint8Array([
        ...prefix,
        0xff,
        0xfe,
        ...new TextEncoder().encode("&password=pw"),
      ]);
      const request = post(body, { "content-type": URL_ENCODED });
      expect(await readForm(request, LOGIN)).toEqual({ ok: false, error: "invalid_request" });
    });

    it.each(["password=%FF%FEabcdefgh", "password=abc%C3"])(
      "refuses percent-encoded bytes that are not UTF-8 (%s): two byte strings must not become one password",
      async (encoded) => {
        const request = post(`username=alice&${encoded}`, { "content-type": URL_ENCODED });
        expect(await readForm(request, LOGIN)).toEqual({ ok: false, error: "invalid_request" });
      },
    );

    it("refuses a multipart body whose boundary is not the declared one", async () => {
      const body = [
        "--other",
        'Content-Disposition: form-data; name="username"',
        "",
        "alice",
        "--other--",
        "",
      ].join("\r\n");
      const request = post(body, { "content-type": "multipart/form-data; boundary=expected" });
      expect(await readForm(request, LOGIN)).toEqual({ ok: false, error: "invalid_request" });
    });

    it("refuses a multipart body without a boundary parameter", async () => {
      const request = post("username=alice&password=pw", { "content-type": "multipart/form-data" });
      expect(await readForm(request, LOGIN)).toEqual({ ok: false, error: "invalid_request" });
    });
  });

  describe("size limit", () => {
    it("refuses a declared Content-Length larger than the cap before reading", async () => {
      const request = urlEncoded("username=alice&password=pw", {
        "content-length": String(MAX_FORM_BYTES + 1),
      });
      expect(await readForm(request, LOGIN)).toEqual({ ok: false, error: "payload_too_large" });
    });

    it("refuses a streamed body larger than the cap that declares no Content-Length", async () => {
      const chunk = new TextEncoder().encode(`username=alice&password=${"a".repeat(4_000)}`);
      const request = streamed([chunk, chunk, chunk, chunk, chunk]);
      expect(request.headers.get("content-length")).toBeNull();
      expect(await readForm(request, LOGIN)).toEqual({ ok: false, error: "payload_too_large" });
    });

    it("counts the bytes read, not the Content-Length claimed", async () => {
      const request = urlEncoded(`username=alice&password=${"a".repeat(MAX_FORM_BYTES)}`, {
        "content-length": "10",
      });
      expect(await readForm(request, LOGIN)).toEqual({ ok: false, error: "payload_too_large" });
    });

    it("refuses a 1 MB body", async () => {
      const request = urlEncoded(`username=alice&password=${"a".repeat(1_000_000)}`);
      expect(await readForm(request, LOGIN)).toEqual({ ok: false, error: "payload_too_large" });
    });

    it("refuses a 1 MB multipart body", async () => {
      const form = new FormData();
      form.set("username", "alice");
      form.set("password", "a".repeat(1_000_000));
      // Serialised first: cancelling undici's own FormData body stream part-way makes undici
      // raise an unhandled "ReadableStream is already closed" (not readForm's doing).
      const serialised = new Response(form);
      const contentType = serialised.headers.get("content-type") ?? "";
      const request = post(await serialised.arrayBuffer(), { "content-type": contentType });
      expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
      expect(await readForm(request, LOGIN)).toEqual({ ok: false, error: "payload_too_large" });
    });

    it("accepts a body of exactly the cap and refuses one byte more", async () => {
      const prefix = "username=alice&password=";
      const exact = `${prefix}${"a".repeat(MAX_FORM_BYTES - prefix.length)}`;
      expect((await readForm(urlEncoded(exact), LOGIN)).ok).toBe(true);
      expect(await readForm(urlEncoded(`${exact}a`), LOGIN)).toEqual({
        ok: false,
        error: "payload_too_large",
      });
    });

    it("respects the maxBytes option", async () => {
      const spec = { ...LOGIN, maxBytes: 32 };
      const fits = "username=alice&password=pw"; // 26 bytes
      const tooBig = "username=alice&password=pw-longer"; // 33 bytes
      expect(await readForm(urlEncoded(fits), spec)).toEqual({
        ok: true,
        fields: { username: "alice", password: "pw" },
      });
      expect(await readForm(urlEncoded(tooBig), spec)).toEqual({
        ok: false,
        error: "payload_too_large",
      });
      expect(await readForm(urlEncoded(fits, { "content-length": "33" }), spec)).toEqual({
        ok: false,
        error: "payload_too_large",
      });
    });

    it("counts bytes, not characters", async () => {
      const spec = { required: ["password"], maxBytes: 20 } as const;
      const raw = new TextEncoder().encode("password=ééééé"); // 14 characters, 19 bytes
      expect(await readForm(post(raw, { "content-type": URL_ENCODED }), spec)).toEqual({
        ok: true,
        fields: { password: "ééééé" },
      });
      const over = new TextEncoder().encode("password=éééééé"); // 15 characters, 21 bytes
      expect(await readForm(post(over, { "content-type": URL_ENCODED }), spec)).toEqual({
        ok: false,
        error: "payload_too_large",
      });
    });
  });
});
