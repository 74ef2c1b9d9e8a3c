import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyUsageMigrations, latestUsageSchemaVersion, usageSchemaVersion } from './usage-migrations.js';

/**
 * Path of the usage database inside SWITCHBOARD_HOME: in its own `data/` folder, so the database's
 * constant WAL writes do not wake the config watcher, which watches the folder of `config.yaml`.
 */
export const USAGE_DATABASE_FILE = path.join('data', 'usage.db');

/** How long a statement waits for another connection's lock before failing (ms). */
export const USAGE_BUSY_TIMEOUT_MS = 5_000;

/** Options of {@link openUsageDatabase}. */
export interface OpenUsageDatabaseOptions {
  /**
   * Open for reading only (`switchboard usage`, alongside a running gateway: WAL lets readers and
   * the writer work at once). The file must exist and be at the current schema version.
   */
  readonly readonly?: boolean | undefined;
  /** Database file; default `<home>/usage.db`. */
  readonly file?: string | undefined;
}

/**
 * The usage database (issue 6, seed 002 `usage-statistics-enabled`): a SQLite file (better-sqlite3,
 * the well-kept synchronous driver) holding one `usage_records` row per generation request.
 */
export interface UsageDatabase {
  /** Absolute path of the database file. */
  readonly path: string;
  /** The connection; statements are synchronous. */
  readonly db: Database.Database;
  readonly readonly: boolean;
  /** Closes the connection (idempotent). A read-write close checkpoints the WAL into the file. */
  close(): void;
}

/** `<home>/usage.db`. */
export function usageDatabasePath(home: string): string {
  return path.join(home, USAGE_DATABASE_FILE);
}

/**
 * Opens (read-write: creating, mode 0600, in a home created with mode 0700) the usage database.
 * Read-write connections use WAL with `synchronous = NORMAL` (a committed transaction survives a
 * process crash; only a power loss may cost the last ones) and apply pending schema migrations.
 * Every connection waits up to {@link USAGE_BUSY_TIMEOUT_MS} for locks.
 * @param home SWITCHBOARD_HOME (see `resolveHome`)
 * @throws Error naming the file: a read-only open finding no file, an empty file or an older
 *   schema; a schema newer than this Switchboard; a file that is not a database or cannot be
 *   opened / created (the driver's message, e.g. `file is not a database`)
 */
export function openUsageDatabase(home: string, options: OpenUsageDatabaseOptions = {}): UsageDatabase {
  const file = path.resolve(options.file ?? usageDatabasePath(home));
  const readonly = options.readonly === true;
  if (readonly && !existsSync(file)) {
    throw new Error(
      `no usage database at ${file}: start the gateway (usage-statistics-enabled: true) to record usage`,
    );
  }
  let db: Database.Database | undefined;
  try {
    if (!readonly) createPrivateFile(file);
    db = new Database(file, { readonly, fileMustExist: readonly });
    db.pragma(`busy_timeout = ${USAGE_BUSY_TIMEOUT_MS}`);
    if (readonly) checkReadableSchema(db, file);
    else {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      applyUsageMigrations(db);
    }
  } catch (error) {
    db?.close();
    const message = error instanceof Error ? error.message : String(error);
    throw message.includes(file) ? error : new Error(`usage database ${file}: ${message}`, { cause: error });
  }
  const connection = db;
  return {
    path: file,
    db: connection,
    readonly,
    close: () => {
      if (connection.open) connection.close();
    },
  };
}

/** Creates the file (and its directory) owner-only when missing, so usage never is world-readable. */
function createPrivateFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (existsSync(file)) return;
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

function checkReadableSchema(db: Database.Database, file: string): void {
  const version = usageSchemaVersion(db);
  const latest = latestUsageSchemaVersion();
  if (version === 0) throw new Error(`${file} holds no usage records yet (empty database)`);
  if (version < latest) {
    throw new Error(
      `${file} has usage schema version ${version}; start the gateway once to upgrade it to ${latest}`,
    );
  }
  if (version > latest) {
    throw new Error(
      `${file} has usage schema version ${version}, newer than this Switchboard knows (${latest}); upgrade Switchboard`,
    );
  }
}
