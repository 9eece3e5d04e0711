import { databaseHealth } from "@monorepo-auth/db/health";

import { database } from "#lib/server/database.ts";

import type { RequestHandler } from "./$types";

export const GET: RequestHandler = async () => {
  const db = await databaseHealth(database());
  const up = db === "up";
  return Response.json(
    { status: up ? "ok" : "degraded", db },
    { status: up ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
};
