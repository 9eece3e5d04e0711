import { randomBytes } from "node:crypto";

/**
 * The test apps' key for sealing authenticator keys (AUTH_ENCRYPTION_KEY): one per test
 * process, made up here; the tests' databases are thrown away, and so are the keys.
 */
export const TEST_ENCRYPTION_KEY = randomBytes(32).toString("base64");
