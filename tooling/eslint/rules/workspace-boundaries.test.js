// A wrong-way import fails lint: the house's arrows, each tried the right way and the wrong.
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { RuleTester } from "eslint";
import { afterAll, describe, it } from "vitest";

import { workspaceBoundaries } from "./workspace-boundaries.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.afterAll = afterAll;

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const at = (path) => join(ROOT, path);
const tester = new RuleTester({ languageOptions: { ecmaVersion: "latest", sourceType: "module" } });

tester.run("workspace-boundaries", workspaceBoundaries, {
  valid: [
    {
      filename: at("apps/web/src/lib/auth.ts"),
      code: 'import { createAuth } from "@monorepo-auth/auth/auth";',
    },
    { filename: at("apps/web/src/lib/auth.ts"), code: 'import { env } from "../env.ts";' },
    {
      filename: at("apps/web/src/lib/database.ts"),
      code: 'import { getDatabase } from "@monorepo-auth/db/database";',
    },
    {
      filename: at("apps/landing/src/pages/api/health.ts"),
      code: 'import { databaseHealth } from "@monorepo-auth/db/health";',
    },
    // Tests may read the database through the test client and the db package.
    {
      filename: at("apps/web/test/support/apps.ts"),
      code: 'import { findUserById } from "@monorepo-auth/db/users";',
    },
    {
      filename: at("packages/auth/src/auth.ts"),
      code: 'import { findUserById } from "@monorepo-auth/db/users";',
    },
    {
      filename: at("bench/src/login-steps.ts"),
      code: 'import { accountKey } from "@monorepo-auth/auth/internals/throttle/throttle";',
    },
    {
      filename: at("apps/admin/src/hooks.server.ts"),
      code: 'const later = import("@monorepo-auth/auth/errors");',
    },
  ],
  invalid: [
    {
      filename: at("packages/auth/src/auth.ts"),
      code: 'import { env } from "@monorepo-auth/web/src/env";',
      errors: [{ messageId: "app" }],
    },
    {
      filename: at("apps/web/src/lib/auth.ts"),
      code: 'import { client } from "@monorepo-auth/landing/src/lib/client";',
      errors: [{ messageId: "app" }],
    },
    {
      filename: at("apps/web/test/sessions.test.ts"),
      code: 'import { authEvents } from "../../landing/test/support/html.ts";',
      errors: [{ messageId: "acrossWorkspaces" }],
    },
    {
      filename: at("packages/db/src/users.ts"),
      code: 'export { handler } from "../../../apps/admin/build/handler.js";',
      errors: [{ messageId: "acrossWorkspaces" }],
    },
    {
      filename: at("apps/web/src/lib/auth.ts"),
      code: 'import { createAuth } from "@monorepo-auth/auth/src/auth.ts";',
      errors: [{ messageId: "internals" }],
    },
    {
      filename: at("apps/web/src/lib/auth.ts"),
      code: 'import { takeAttempts } from "@monorepo-auth/auth/internals/throttle/throttle";',
      errors: [{ messageId: "internals" }],
    },
    {
      filename: at("apps/landing/src/middleware.ts"),
      code: 'import { findUserById } from "@monorepo-auth/db/users";',
      errors: [{ messageId: "dbInApp" }],
    },
    {
      filename: at("apps/admin/src/hooks.server.ts"),
      code: 'const sessions = import("@monorepo-auth/db/sessions");',
      errors: [{ messageId: "dbInApp" }],
    },
  ],
});
