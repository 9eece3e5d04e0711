// Ages mailed links in the database, as the journeys need: a link's expiry cannot be waited
// out (a day, or 30 minutes) and the apps run on the real clock.
import { createDatabase } from "@monorepo-auth/db/database";

import { testMongodbUri } from "./env.ts";

/** Makes every link mailed to `email` expire now, on a test database of the test server. */
export async function expireMailedLinks(dbName: string, email: string): Promise<void> {
  const database = createDatabase({ uri: testMongodbUri(), dbName });
  try {
    const { MailToken } = await database.models();
    await MailToken.updateMany({ email }, { $set: { expiresAt: new Date() } }).exec();
  } finally {
    await database.close();
  }
}
