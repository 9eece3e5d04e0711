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
  /**
   * What the app's own code, earlier in this request, handed on to its code later in the
   * same request (see {@link handOn}). Lives in this process's memory only: nothing the
   * client sends can put anything here.
   */
  handedOn?: Map<symbol, unknown>;
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

/**
 * Hands `value` on to code that runs later in the current request (web's proxy hands its
 * session validation to the page), under a key of the app's own. Does nothing outside a
 * request scope, so the later code must be able to do without it.
 */
export function handOn(key: symbol, value: unknown): void {
  const scope = storage.getStore();
  if (scope) (scope.handedOn ??= new Map()).set(key, value);
}

/** What earlier code of the current request handed on under `key`, or undefined. */
export function handedOn(key: symbol): unknown {
  return storage.getStore()?.handedOn?.get(key);
}
