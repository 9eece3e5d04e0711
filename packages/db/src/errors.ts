/**
 * Thrown when MongoDB cannot be reached or answered too slowly. Callers treat it as
 * "try again later" (HTTP 503), never as "no such record": a session must not look
 * signed out just because the database is down.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = "DatabaseUnavailableError";

  constructor(cause: unknown) {
    super("The database is unavailable", { cause });
  }
}

// Errors of the driver and of Mongoose that mean "the server is out of reach",
// as opposed to a bad query or a violated constraint.
const UNAVAILABLE_ERROR_NAMES = new Set([
  "MongoServerSelectionError",
  "MongooseServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
  "MongoPoolClearedError",
  "MongoOperationTimeoutError",
]);

/** Whether `error` means the database could not be reached (as opposed to a bad operation). */
export function isUnavailableError(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  if (UNAVAILABLE_ERROR_NAMES.has(error.name)) return true;
  // With bufferCommands off, Mongoose refuses operations on a connection that is not open.
  return (
    error.name === "MongooseError" && /initial connection|client was closed/i.test(error.message)
  );
}

/** Runs a database operation, turning "out of reach" errors into {@link DatabaseUnavailableError}. */
export async function withAvailability<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isUnavailableError(error)) throw new DatabaseUnavailableError(error);
    throw error;
  }
}

/** Whether `error` is a unique-index violation (11000 on MongoDB; FerretDB reports some as code 1). */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  const { code } = error;
  if (code === 11000 || code === 11001) return true;
  return code === 1 && error instanceof Error && /duplicate key/i.test(error.message);
}
