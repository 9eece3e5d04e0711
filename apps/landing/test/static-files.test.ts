// The build's files, listed once at start: served as the node adapter serves them, and
// every other path goes to the pages without a look at the disk.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listStaticFiles, withStaticFiles } from "../static-files.ts";

describe("the build's static files", () => {
  let root: string;
  let server: Server;
  let origin: string;
  const rendered: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "landing-static-"));
    mkdirSync(join(root, "_astro"));
    mkdirSync(join(root, "docs"));
    mkdirSync(join(root, ".well-known"));
    writeFileSync(join(root, "favicon.svg"), "<svg/>");
    writeFileSync(join(root, "_astro", "app.1a2b.css"), "body{}");
    writeFileSync(join(root, "docs", "index.html"), "<p>docs</p>");
    writeFileSync(join(root, "a file.txt"), "spaced");
    writeFileSync(join(root, ".env"), "SECRET=1");
    writeFileSync(join(root, ".well-known", "security.txt"), "Contact: x");
    const handler = withStaticFiles(root, listStaticFiles(root), (request, response) => {
      rendered.push(request.url ?? "");
      response.end("page");
    });
    server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = async (path: string) => {
    const response = await fetch(`${origin}${path}`);
    return { status: response.status, headers: response.headers, body: await response.text() };
  };

  it("lists files by URL path, folders by their index.html, no dot-files but .well-known", () => {
    expect([...listStaticFiles(root).keys()].sort()).toEqual(
      [
        "/.well-known/security.txt",
        "/_astro/app.1a2b.css",
        "/a file.txt",
        "/docs",
        "/docs/",
        "/docs/index.html",
        "/favicon.svg",
      ].sort(),
    );
  });

  it("serves a file, hashed assets cached for a year, others revalidated", async () => {
    const icon = await get("/favicon.svg?v=1");
    expect(icon).toMatchObject({ status: 200, body: "<svg/>" });
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(icon.headers.get("cache-control")).toBe("public, max-age=0");
    const css = await get("/_astro/app.1a2b.css");
    expect(css).toMatchObject({ status: 200, body: "body{}" });
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await get("/a%20file.txt")).toMatchObject({ status: 200, body: "spaced" });
    expect(await get("/docs")).toMatchObject({ status: 200, body: "<p>docs</p>" });
  });

  it("sends every other path to the pages, dot-files and traversal included", async () => {
    rendered.length = 0;
    for (const path of ["/login", "/.env", "/_astro/", "/%2E%2E/etc/passwd", "/docs/../.env"]) {
      expect(await get(path), path).toMatchObject({ status: 200, body: "page" });
    }
    expect(rendered).toHaveLength(5);
  });

  it("answers 400 to a URL that cannot be decoded", async () => {
    expect((await get("/%E0%A4%A")).status).toBe(400);
  });
});
