import { databaseHealth } from "@monorepo-auth/db/health";

import { database } from "../../../lib/database.ts";

export async function GET(): Promise<Response> {
  const db = await databaseHealth(database());
  const up = db === "up";
  return Response.json(
    { status: up ? "ok" : "degraded", db },
    { status: up ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
