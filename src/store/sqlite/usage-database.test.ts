import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { TempUsageHomes, makeUsageRecord } from '../../../test/support/usage-records.js';
import { openUsageDatabase, usageDatabasePath } from './usage-database.js';
import {
  USAGE_MIGRATIONS,
  applyUsageMigrations,
  latestUsageSchemaVersion,
  usageSchemaVersion,
  type UsageMigration,
} from './usage-migrations.js';
import { prepareUsageInsert, usageRowOf } from './usage-row.js';

const homes = new TempUsageHomes();
afterEach(() => homes.cleanup());

function tableNames(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name",
    )
    .all()
    .map((row) => row.name);
}

describe('openUsageDatabase', () => {
  it('creates <home>/data/usage.db owner-only, in WAL mode, at the latest schema version', () => {
    const home = path.join(homes.home(), 'nested-home');
    const database = homes.open(home);
    expect(database.path).toBe(usageDatabasePath(home));
    expect(database.path).toBe(path.join(home, 'data', 'usage.db'));
    expect(statSync(database.path).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(database.path)).mode & 0o777).toBe(0o700);
    prepareUsageInsert(database.db).run(usageRowOf(makeUsageRecord()));
    expect(statSync(`${database.path}-wal`).mode & 0o777).toBe(0o600);
    expect(database.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(Number(database.db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    expect(usageSchemaVersion(database.db)).toBe(latestUsageSchemaVersion());
    expect(tableNames(database.db)).toEqual(
      expect.arrayContaining(['usage_records', 'usage_records_started_at', 'usage_records_key_time']),
    );
  });

  it('re-opening applies no migration and keeps the rows', () => {
    const home = homes.home();
    const first = homes.open(home);
    prepareUsageInsert(first.db).run(usageRowOf(makeUsageRecord({ requestId: 'req_kept' })));
    first.close();
    const again = homes.open(home);
    expect(applyUsageMigrations(again.db)).toEqual([]);
    expect(again.db.prepare('SELECT request_id FROM usage_records').pluck().all()).toEqual(['req_kept']);
  });

  it('read-only: refuses a missing or empty file with a clear message, reads beside a writer', () => {
    const home = homes.home();
    expect(() => openUsageDatabase(home, { readonly: true })).toThrow(/no usage database at .*usage\.db/);
    mkdirSync(path.dirname(usageDatabasePath(home)), { recursive: true });
    writeFileSync(usageDatabasePath(home), '');
    expect(() => openUsageDatabase(home, { readonly: true })).toThrow(/no usage records yet/);

    const otherHome = homes.home();
    const writer = homes.open(otherHome);
    prepareUsageInsert(writer.db).run(usageRowOf(makeUsageRecord({ requestId: 'req_live' })));
    const reader = homes.track(openUsageDatabase(otherHome, { readonly: true }));
    expect(reader.readonly).toBe(true);
    expect(reader.db.prepare('SELECT COUNT(*) FROM usage_records').pluck().get()).toBe(1);
    expect(() => reader.db.exec('DELETE FROM usage_records')).toThrow(/readonly/);
  });

  it('refuses a file written by a newer Switchboard', () => {
    const home = homes.home();
    homes.open(home).close();
    const raw = new Database(usageDatabasePath(home));
    raw.pragma(`user_version = ${latestUsageSchemaVersion() + 1}`);
    raw.close();
    expect(() => openUsageDatabase(home)).toThrow(/newer than this Switchboard/);
    expect(() => openUsageDatabase(home, { readonly: true })).toThrow(/newer than this Switchboard/);
  });
});

describe('applyUsageMigrations', () => {
  const future: UsageMigration = {
    version: USAGE_MIGRATIONS.length + 1,
    description: 'test: a later column',
    sql: 'ALTER TABLE usage_records ADD COLUMN note TEXT',
  };

  it('applies every step on a fresh database, then a later step exactly once', () => {
    const db = new Database(':memory:');
    try {
      expect(applyUsageMigrations(db)).toEqual(USAGE_MIGRATIONS.map((step) => step.version));
      expect(applyUsageMigrations(db, [...USAGE_MIGRATIONS, future])).toEqual([future.version]);
      expect(applyUsageMigrations(db, [...USAGE_MIGRATIONS, future])).toEqual([]);
      expect(usageSchemaVersion(db)).toBe(future.version);
      const columns = db.prepare<[], { name: string }>('PRAGMA table_info(usage_records)').all();
      expect(columns.map((column) => column.name)).toContain('note');
    } finally {
      db.close();
    }
  });

  it('rolls a failing step back, leaving the previous version', () => {
    const db = new Database(':memory:');
    try {
      applyUsageMigrations(db);
      const broken: UsageMigration = { ...future, sql: 'CREATE TABLE t (x); SELECT * FROM missing_table' };
      expect(() => applyUsageMigrations(db, [...USAGE_MIGRATIONS, broken])).toThrow(/missing_table/);
      expect(usageSchemaVersion(db)).toBe(latestUsageSchemaVersion());
      expect(tableNames(db)).not.toContain('t');
    } finally {
      db.close();
    }
  });

  it('refuses versions out of order', () => {
    const db = new Database(':memory:');
    try {
      expect(() => applyUsageMigrations(db, [{ ...future, version: 3 }])).toThrow(/expected 1/);
    } finally {
      db.close();
    }
  });
});

describe('openUsageDatabase errors', () => {
  it('names the file when it is not a database', () => {
    const home = homes.home();
    mkdirSync(path.dirname(usageDatabasePath(home)), { recursive: true });
    writeFileSync(
      usageDatabasePath(home),
      'not a database, just text that is long enough to matter'.repeat(20),
    );
    expect(() => openUsageDatabase(home)).toThrow(/usage database .*usage\.db: file is not a database/);
  });
});
