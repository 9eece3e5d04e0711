// The files of the build's dist/client — public/ and Astro's own assets — served the way the
// node adapter serves them, without asking the filesystem about every other request. The
// adapter's standalone handler looks each request's path up on disk (an lstat, then a stat
// that fails) before rendering it: two system calls and two thrown errors for every page.
// The build's files never change while the server runs, so they are listed once, at start.
import { readdirSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, relative, sep } from "node:path";

import send from "send";

import type { NodeHandler } from "@monorepo-auth/server/app-server";

/** Astro's hashed assets: never change under one name. */
const ASSETS_DIR = "/_astro/";

/**
 * Every file under `root` (its URL-encoded path) by the decoded URL path that names it; a folder's `index.html`
 * also by the folder's path, with and without its trailing slash. Dot-files are left out
 * (the adapter refuses them) except under `/.well-known/`.
 */
export function listStaticFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = `/${relative(root, join(entry.parentPath, entry.name)).split(sep).join("/")}`;
    if (path.includes("/.") && !path.startsWith("/.well-known/")) continue;
    // `send` decodes the path it is given: hand it the file's name encoded.
    const encoded = path.split("/").map(encodeURIComponent).join("/");
    files.set(path, encoded);
    if (path.endsWith("/index.html")) {
      const folder = path.slice(0, -"index.html".length);
      files.set(folder, encoded);
      if (folder !== "/") files.set(folder.slice(0, -1), encoded);
    }
  }
  return files;
}

/**
 * The adapter's answer for a request: a file of `root` when the path names one of `files`,
 * else the page or endpoint (`render`). A URL that cannot be decoded is a 400, as the
 * adapter's own server answers it.
 */
export function withStaticFiles(
  root: string,
  files: ReadonlyMap<string, string>,
  render: NodeHandler,
): NodeHandler {
  return (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? "/";
    let path: string;
    try {
      decodeURI(url);
      path = decodeURIComponent(url.split(/[?#]/, 1)[0] ?? "/");
    } catch {
      response.writeHead(400);
      response.end("Bad request.");
      return;
    }
    const file = files.get(path);
    if (file === undefined) return render(request, response);

    // The adapter's options for the same file: hashed assets cached for a year.
    const stream = send(request, file, { root, dotfiles: "allow" });
    let found = false;
    stream.on("file", () => {
      found = true;
    });
    stream.on("error", (error: Error & { statusCode?: number }) => {
      // Gone since start (never in a build's output): the page or endpoint answers.
      if (!found) return void render(request, response);
      const status = error.statusCode ?? 500;
      if (status >= 500) console.error(String(error));
      response.writeHead(status);
      response.end(status >= 500 ? "Internal server error" : "");
    });
    stream.on("stream", () => {
      if (file.startsWith(ASSETS_DIR)) {
        response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
      }
    });
    stream.pipe(response);
  };
}
