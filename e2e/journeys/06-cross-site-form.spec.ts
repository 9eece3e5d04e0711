import { createServer, type Server } from "node:http";

import { freePort } from "@monorepo-auth/testing/app-server";

import { chromiumLaunchOptions } from "../support/browser.ts";
import { expect, signUp, test } from "../support/fixtures.ts";

// evil.test is another site altogether: the browser resolves it to this machine.
test.use({
  launchOptions: chromiumLaunchOptions(["--host-resolver-rules=MAP evil.test 127.0.0.1"]),
});

let evil: Server;
let evilUrl = "";

test.beforeAll(async () => {
  const port = await freePort();
  evilUrl = `http://evil.test:${String(port)}`;
  evil = createServer((request, response) => {
    const target = new URL(request.url ?? "/", evilUrl).searchParams.get("target") ?? "";
    const username = new URL(request.url ?? "/", evilUrl).searchParams.get("username") ?? "";
    response.setHeader("content-type", "text/html");
    response.end(`<!doctype html><html><body>
      <form id="f" method="post" action="${target}/api/login">
        <input name="username" value="${username}"><input name="password" value="correct horse 7">
      </form>
      <script>document.getElementById("f").submit()</script>
    </body></html>`);
  });
  await new Promise<void>((resolve) => evil.listen(port, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise<void>((resolve) =>
    evil.close(() => {
      resolve();
    }),
  );
});

test("a page on another site that auto-submits a login form to landing is refused, and no cookie is stored", async ({
  page,
  context,
  browser,
  apps,
  username,
}) => {
  // The attacker's own account: logging a victim into it would be login CSRF.
  const attacker = await browser.newContext();
  await signUp(await attacker.newPage(), apps, username);
  await attacker.close();

  const refused = page.waitForResponse(`${apps.landingUrl}/api/login`);
  await page.goto(`${evilUrl}/?target=${encodeURIComponent(apps.landingUrl)}&username=${username}`);
  const response = await refused;
  expect(response.status()).toBe(403);
  await expect(page.getByRole("alert")).toHaveText(
    "This request came from another site and was refused.",
  );
  expect(await context.cookies(apps.landingUrl)).toEqual([]);
  expect(await context.cookies(apps.webUrl)).toEqual([]);
});
