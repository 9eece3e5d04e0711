import { databaseHealth } from "@monorepo-auth/db/health";
import type { APIRoute } from "astro";

import { database } from "../../lib/database.ts";

export const GET: APIRoute = async () => {
  const db = await databaseHealth(database());
  const up = db === "up";
  return Response.json(
    { status: up ? "ok" : "degraded", db },
    { status: up ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
};
