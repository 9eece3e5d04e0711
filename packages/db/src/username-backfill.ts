import { mongo, type Connection } from "mongoose";

const BATCH = 1_000;
const DUPLICATE_KEY = 11000;

/**
 * Claims the names of users stored before names were claimed in `usernames`, so they can
 * still log in. Runs at start; skipped when there are at least as many claims as users
 * (two counts, which MongoDB answers from metadata). A name someone already claimed is
 * left alone. Returns how many claims were added.
 */
export async function backfillUsernames(connection: Connection): Promise<number> {
  const users = connection.collection<{ _id: string; username: string; createdAt?: Date }>("users");
  const names = connection.collection<{ _id: string; userId: string; createdAt: Date }>(
    "usernames",
  );
  const [userCount, claimCount] = await Promise.all([
    users.estimatedDocumentCount(),
    names.estimatedDocumentCount(),
  ]);
  if (claimCount >= userCount) return 0;

  let added = 0;
  let batch: { _id: string; userId: string; createdAt: Date }[] = [];
  const flush = async () => {
    added += await insertMissing(names, batch);
    batch = [];
  };
  for await (const user of users.find({}, { projection: { username: 1, createdAt: 1 } })) {
    batch.push({ _id: user.username, userId: user._id, createdAt: user.createdAt ?? new Date() });
    if (batch.length === BATCH) await flush();
  }
  await flush();
  return added;
}

async function insertMissing(
  names: mongo.Collection<{ _id: string; userId: string; createdAt: Date }>,
  claims: { _id: string; userId: string; createdAt: Date }[],
): Promise<number> {
  if (claims.length === 0) return 0;
  try {
    return (await names.insertMany(claims, { ordered: false })).insertedCount;
  } catch (error) {
    if (!(error instanceof mongo.MongoBulkWriteError)) throw error;
    const errors: { code: number }[] = [error.writeErrors].flat();
    if (!errors.every((each) => each.code === DUPLICATE_KEY)) throw error;
    return claims.length - errors.length;
  }
}
