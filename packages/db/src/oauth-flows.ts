import { toBytes } from "./binary.ts";
import type { Database } from "./database.ts";
import { withAvailability } from "./errors.ts";
import type { OAuthFlowDocument } from "./models/oauth-flow.ts";

/** A sign-in through a provider in progress (see the model). */
export type OAuthFlowRow = Omit<OAuthFlowDocument, "_id" | "secretHash"> & {
  id: string;
  secretHash: Uint8Array;
};

export async function insertOAuthFlow(database: Database, flow: OAuthFlowRow): Promise<void> {
  const { OAuthFlow } = await database.models();
  const { id, secretHash, ...rest } = flow;
  await withAvailability(() =>
    OAuthFlow.create({ _id: id, secretHash: Buffer.from(secretHash), ...rest }),
  );
}

/** One read by `_id`. */
export async function findOAuthFlow(database: Database, id: string): Promise<OAuthFlowRow | null> {
  const { OAuthFlow } = await database.models();
  const doc = await withAvailability(() => OAuthFlow.findById(id).lean().exec());
  if (!doc) return null;
  const { _id, secretHash, ...rest } = doc;
  return { id: _id, secretHash: toBytes(secretHash), ...rest };
}

/** Ends a flow; true only for the one caller whose delete removed it. */
export async function takeOAuthFlow(database: Database, id: string): Promise<boolean> {
  const { OAuthFlow } = await database.models();
  const result = await withAvailability(() => OAuthFlow.deleteOne({ _id: id }).exec());
  return result.deletedCount === 1;
}
