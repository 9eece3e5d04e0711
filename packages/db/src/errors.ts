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

// Socket errors that can surface raw when a connection dies mid-operation (a write to a
// socket the server has just closed fails with EPIPE before the driver notices).
const NETWORK_ERROR_CODES = new Set([
  "EPIPE",
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** Whether `error` means the database could not be reached (as opposed to a bad operation). */
export function isUnavailableError(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  if (UNAVAILABLE_ERROR_NAMES.has(error.name)) return true;
  if ("code" in error && typeof error.code === "string" && NETWORK_ERROR_CODES.has(error.code)) {
    return true;
  }
  // With bufferCommands off, Mongoose refuses operations on a connection that is not open.
  if (
    error.name === "MongooseError" &&
    /initial connection|client was closed/i.test(error.message)
  ) {
    return true;
  }
  // A wrapper may carry the network error: as its cause, or (bulk writes) as errorResponse.
  const inner = "errorResponse" in error ? error.errorResponse : error.cause;
  return inner !== undefined && inner !== error && isUnavailableError(inner);
}

/**
 * How long any one operation may take before the request is answered "unavailable". The
 * driver's own timeouts (server selection, then a retry) can add up to more; a person
 * waiting for a page should not.
 */
export const OPERATION_DEADLINE_MS = 4_000;

// Told of every operation that found the database unavailable, in the async context of the
// request that ran it. Kept on globalThis: a framework's bundle holds its own copy of this
// module, and a listener registered by the server must hear its failures too.
const LISTENERS = Symbol.for("monorepo-auth.database-unavailable");
const shared = globalThis as { [LISTENERS]?: Set<() => void> };
const listeners = (shared[LISTENERS] ??= new Set());

/**
 * Calls `listener` whenever an operation finds the database unavailable — so that an app
 * server can answer 503 for any request in which it happened, wherever the error went.
 * @returns a function that removes the listener.
 */
export function onDatabaseUnavailable(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function unavailable(cause: unknown): DatabaseUnavailableError {
  for (const listener of listeners) listener();
  return cause instanceof DatabaseUnavailableError ? cause : new DatabaseUnavailableError(cause);
}

/**
 * Runs a database operation, turning "out of reach" errors — and operations that outlast
 * the deadline — into {@link DatabaseUnavailableError}.
 */
export async function withAvailability<T>(
  operation: () => Promise<T>,
  deadlineMs = OPERATION_DEADLINE_MS,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(unavailable(new Error(`No answer within ${String(deadlineMs)} ms`)));
    }, deadlineMs);
  });
  try {
    return await Promise.race([operation(), deadline]);
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) throw error;
    if (isUnavailableError(error)) throw unavailable(error);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Whether `error` is a unique-index violation (11000 on MongoDB; FerretDB reports some as code 1). */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  const { code } = error;
  if (code === 11000 || code === 11001) return true;
  return code === 1 && error instanceof Error && /duplicate key/i.test(error.message);
}
