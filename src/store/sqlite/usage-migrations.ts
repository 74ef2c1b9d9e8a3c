import type Database from 'better-sqlite3';

/** One versioned step of the usage database schema. */
export interface UsageMigration {
  /** 1, 2, 3, …: the `PRAGMA user_version` the database has once this step is applied. */
  readonly version: number;
  /** What the step does (for logs and tests). */
  readonly description: string;
  /** SQL run as one script inside the step's transaction. */
  readonly sql: string;
}

/**
 * The usage database schema (issue 6), oldest first. Append new steps; never edit or reorder an
 * applied one. Version 1: `usage_records`, one row per generation request (times in ms since the
 * epoch or ms durations, tokens as integers, `stream` 0/1, absent fields NULL), with indexes for
 * time-range queries alone and by model, upstream and inbound key.
 */
export const USAGE_MIGRATIONS: readonly UsageMigration[] = [
  {
    version: 1,
    description: 'usage_records: one row per request',
    sql: `
      CREATE TABLE usage_records (
        id INTEGER PRIMARY KEY,
        request_id TEXT NOT NULL UNIQUE,
        started_at INTEGER NOT NULL,
        inbound TEXT NOT NULL,
        inbound_key_id TEXT,
        requested_model TEXT NOT NULL,
        upstream TEXT,
        upstream_model TEXT,
        credential_id TEXT,
        fallback_from TEXT,
        attempts INTEGER NOT NULL,
        stream INTEGER NOT NULL,
        status INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        error_code TEXT,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_creation_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER,
        first_byte_ms INTEGER,
        latency_ms INTEGER NOT NULL
      );
      CREATE INDEX usage_records_started_at ON usage_records (started_at);
      CREATE INDEX usage_records_model_time ON usage_records (requested_model, started_at);
      CREATE INDEX usage_records_upstream_time ON usage_records (upstream, started_at);
      CREATE INDEX usage_records_key_time ON usage_records (inbound_key_id, started_at);
    `,
  },
];

/** The schema version a database has after every step of `migrations` (0 when there are none). */
export function latestUsageSchemaVersion(migrations: readonly UsageMigration[] = USAGE_MIGRATIONS): number {
  return migrations.reduce((latest, step) => Math.max(latest, step.version), 0);
}

/** The database's schema version (`PRAGMA user_version`; 0 for a new file). */
export function usageSchemaVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings a database up to date: applies, in version order, each step newer than its
 * `PRAGMA user_version`, each in its own transaction together with the version bump (a failing
 * step leaves the database at the previous version). Re-running applies nothing.
 * @returns the versions applied now (empty when already current)
 * @throws Error when the database is newer than `migrations` (written by a later Switchboard), or
 *   when the versions are not 1, 2, 3, … in order; the step's SQL error when a step fails
 */
export function applyUsageMigrations(
  db: Database.Database,
  migrations: readonly UsageMigration[] = USAGE_MIGRATIONS,
): number[] {
  migrations.forEach((step, index) => {
    if (step.version !== index + 1) {
      throw new Error(`usage migration ${index + 1} has version ${step.version}; expected ${index + 1}`);
    }
  });
  const current = usageSchemaVersion(db);
  const latest = latestUsageSchemaVersion(migrations);
  if (current > latest) {
    throw new Error(
      `usage database schema version ${current} is newer than this Switchboard knows (${latest}); upgrade Switchboard`,
    );
  }
  const applied: number[] = [];
  for (const step of migrations) {
    if (step.version <= current) continue;
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
    applied.push(step.version);
  }
  return applied;
}
