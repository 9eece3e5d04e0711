import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the server knows of the request being handled, and what the app tells it back.
 * Frameworks hide the socket from app code (Next.js does) and decide failure statuses
 * themselves (Next.js answers every error with 500); this scope carries both across.
 */
export interface RequestScope {
  /** The socket's peer address, as the operating system saw it. Never a header. */
  readonly peerAddress: string | null;
  /** The database failed or was too slow somewhere in this request. */
  databaseFailed: boolean;
  /** The app's own handler for the request began (its input was read successfully). */
  handlerBegan: boolean;
}

// One store for the whole process: a framework's bundle holds its own copy of this module,
// and must still see the scope the server opened.
const KEY = Symbol.for("monorepo-auth.request-scope");
const shared = globalThis as { [KEY]?: AsyncLocalStorage<RequestScope> };
const storage = (shared[KEY] ??= new AsyncLocalStorage<RequestScope>());

/** Runs `handle` with `scope` as the current request's scope. */
export function runInRequestScope<T>(scope: RequestScope, handle: () => T): T {
  return storage.run(scope, handle);
}

/** The current request's scope, or undefined outside one (a dev server, a timer). */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** The socket's peer address of the current request, or null when not known. */
export function peerAddress(): string | null {
  return storage.getStore()?.peerAddress ?? null;
}

/** Tells the server that the database failed during this request: its 500 becomes a 503. */
export function reportDatabaseUnavailable(): void {
  const scope = storage.getStore();
  if (scope) scope.databaseFailed = true;
}

/** Tells the server that the app's handler began: a failure before this was the request's fault. */
export function reportHandlerBegan(): void {
  const scope = storage.getStore();
  if (scope) scope.handlerBegan = true;
}
