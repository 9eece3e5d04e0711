import mongoose, { type Connection } from "mongoose";

import { DatabaseUnavailableError, withAvailability } from "./errors.ts";
import { ensureIndexes } from "./indexes.ts";
import { attemptModel, type AttemptModel } from "./models/attempt.ts";
import { auditEntryModel, type AuditEntryModel } from "./models/audit-entry.ts";
import { deviceModel, type DeviceModel } from "./models/device.ts";
import { emailClaimModel, type EmailClaimModel } from "./models/email-claim.ts";
import { identityModel, type IdentityModel } from "./models/identity.ts";
import { mailTokenModel, type MailTokenModel } from "./models/mail-token.ts";
import { oauthFlowModel, type OAuthFlowModel } from "./models/oauth-flow.ts";
import { passkeyModel, type PasskeyModel } from "./models/passkey.ts";
import { pendingSignInModel, type PendingSignInModel } from "./models/pending-sign-in.ts";
import { recoveryCodeModel, type RecoveryCodeModel } from "./models/recovery-code.ts";
import { sessionModel, type SessionModel } from "./models/session.ts";
import { totpFactorModel, type TotpFactorModel } from "./models/totp-factor.ts";
import { totpStepModel, type TotpStepModel } from "./models/totp-step.ts";
import { userModel, type UserModel } from "./models/user.ts";
import { usernameModel, type UsernameModel } from "./models/username.ts";
import {
  webauthnChallengeModel,
  type WebauthnChallengeModel,
} from "./models/webauthn-challenge.ts";
import { purgeExpired } from "./purge.ts";
import { backfillUsernames } from "./username-backfill.ts";
import { watchReachability } from "./reachability.ts";

export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 2_000;
export const DEFAULT_OPERATION_TIMEOUT_MS = 5_000;
export const DEFAULT_PURGE_INTERVAL_MS = 60_000;

/**
 * What a database handle reports. `connect-failed` repeats with every attempt while the
 * server is out of reach; `connection-lost` and `reconnected` come once per change of an
 * established connection (see `databaseOutageLog` in outage-log.ts for a log of outages).
 */
export type DatabaseEvent =
  | { type: "connected"; ttlIndexes: boolean }
  | { type: "connect-failed"; error: unknown }
  | { type: "connection-lost"; error: unknown }
  | { type: "reconnected" }
  | { type: "purge-failed"; error: unknown };

export interface DatabaseOptions {
  uri: string;
  /** Database name; defaults to the one in the URI (or "test", as the driver does). */
  dbName?: string | undefined;
  /** How long an operation waits for a reachable server before failing as unavailable. */
  serverSelectionTimeoutMs?: number;
  /** Upper bound on any single operation, so a stalled server cannot stall a request. */
  operationTimeoutMs?: number;
  /** How often expired documents are purged when the server has no TTL indexes. */
  purgeIntervalMs?: number;
  onEvent?: (event: DatabaseEvent) => void;
}

export interface Models {
  connection: Connection;
  User: UserModel;
  Username: UsernameModel;
  Session: SessionModel;
  Attempt: AttemptModel;
  Device: DeviceModel;
  AuditEntry: AuditEntryModel;
  MailToken: MailTokenModel;
  EmailClaim: EmailClaimModel;
  TotpFactor: TotpFactorModel;
  TotpStep: TotpStepModel;
  RecoveryCode: RecoveryCodeModel;
  PendingSignIn: PendingSignInModel;
  Passkey: PasskeyModel;
  WebauthnChallenge: WebauthnChallengeModel;
  Identity: IdentityModel;
  OAuthFlow: OAuthFlowModel;
}

/** A lazily connected MongoDB database. Nothing touches the network until first use. */
export interface Database {
  /**
   * The models, connecting and creating indexes on first use. A failed attempt is
   * forgotten, so the next call tries again.
   * @throws {DatabaseUnavailableError} when the server cannot be reached.
   */
  models(): Promise<Models>;
  /** Whether the server answers a ping now; never throws. */
  ping(): Promise<boolean>;
  /** Closes the connection and stops background work. */
  close(): Promise<void>;
}

/** Creates a database handle. Prefer {@link getDatabase} in apps, which shares one per process. */
export function createDatabase(options: DatabaseOptions): Database {
  const serverSelectionTimeoutMS =
    options.serverSelectionTimeoutMs ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS;
  let pending: Promise<Models> | undefined;
  let purgeTimer: NodeJS.Timeout | undefined;
  let stopWatching: (() => void) | undefined;

  async function connect(): Promise<Models> {
    const connection = mongoose.createConnection(options.uri, {
      dbName: options.dbName,
      // Fail fast instead of queueing operations while disconnected.
      bufferCommands: false,
      serverSelectionTimeoutMS,
      connectTimeoutMS: serverSelectionTimeoutMS,
      // A stalled server must not stall requests: its sockets time out and the
      // operation fails as unavailable.
      socketTimeoutMS: options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS,
      // Wrap any `$`-keyed object in a filter with `$eq`: inputs can never become operators.
      sanitizeFilter: true,
      autoIndex: false,
      autoCreate: false,
    });
    try {
      await withAvailability(() => connection.asPromise());
      // Creating indexes on first connection may take a while on a cold server.
      const { ttl } = await withAvailability(() => ensureIndexes(connection), 15_000);
      if (!ttl) purgeTimer = startPurging(connection);
      await withAvailability(() => backfillUsernames(connection), 60_000);
      if (options.onEvent) stopWatching = watchConnection(connection, options.onEvent);
      options.onEvent?.({ type: "connected", ttlIndexes: ttl });
      return {
        connection,
        User: userModel(connection),
        Username: usernameModel(connection),
        Session: sessionModel(connection),
        Attempt: attemptModel(connection),
        Device: deviceModel(connection),
        AuditEntry: auditEntryModel(connection),
        MailToken: mailTokenModel(connection),
        EmailClaim: emailClaimModel(connection),
        TotpFactor: totpFactorModel(connection),
        TotpStep: totpStepModel(connection),
        RecoveryCode: recoveryCodeModel(connection),
        PendingSignIn: pendingSignInModel(connection),
        Passkey: passkeyModel(connection),
        WebauthnChallenge: webauthnChallengeModel(connection),
        Identity: identityModel(connection),
        OAuthFlow: oauthFlowModel(connection),
      };
    } catch (error) {
      await connection.close(true).catch(() => undefined);
      options.onEvent?.({ type: "connect-failed", error });
      throw error;
    }
  }

  // Once connected, the driver reconnects by itself and operations fail without passing
  // through connect(): the connection's own events tell when it is lost and back.
  function watchConnection(
    connection: Connection,
    onEvent: (event: DatabaseEvent) => void,
  ): () => void {
    return watchReachability(connection.getClient(), () => pingConnection(connection), {
      lost: (error) => {
        onEvent({ type: "connection-lost", error });
      },
      regained: () => {
        onEvent({ type: "reconnected" });
      },
    });
  }

  function startPurging(connection: Connection): NodeJS.Timeout {
    const timer = setInterval(() => {
      purgeExpired(connection, new Date()).catch((error: unknown) => {
        options.onEvent?.({ type: "purge-failed", error });
      });
    }, options.purgeIntervalMs ?? DEFAULT_PURGE_INTERVAL_MS);
    timer.unref();
    return timer;
  }

  const database: Database = {
    models() {
      pending ??= connect().catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      return pending;
    },

    async ping() {
      try {
        const { connection } = await database.models();
        await pingConnection(connection);
        return true;
      } catch {
        return false;
      }
    },

    async close() {
      clearInterval(purgeTimer);
      stopWatching?.();
      stopWatching = undefined;
      const current = pending;
      pending = undefined;
      if (!current) return;
      const { connection } = await current.catch(() => ({ connection: undefined }));
      await connection?.close();
    },
  };
  return database;
}

/** Rejects with {@link DatabaseUnavailableError} unless the server answers a ping. */
async function pingConnection(connection: Connection): Promise<void> {
  const db = connection.db;
  if (!db) throw new DatabaseUnavailableError(new Error("The connection has no database"));
  await withAvailability(() => db.admin().ping());
}

const SHARED = Symbol.for("monorepo-auth.databases");
type SharedDatabases = Map<string, Database>;

/**
 * One database handle per URI and name for the whole process. Kept on `globalThis` so a
 * dev server that reloads modules keeps its connection instead of opening another. The
 * first call's options make the handle: later calls for the same URI and name (and their
 * `onEvent`) only find it.
 */
export function getDatabase(options: DatabaseOptions): Database {
  const store = globalThis as { [SHARED]?: SharedDatabases };
  const databases = (store[SHARED] ??= new Map<string, Database>());
  const key = `${options.uri}\u0000${options.dbName ?? ""}`;
  let database = databases.get(key);
  if (!database) {
    database = createDatabase(options);
    databases.set(key, database);
  }
  return database;
}
