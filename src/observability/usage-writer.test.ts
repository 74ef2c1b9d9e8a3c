import { afterEach, describe, expect, it, vi } from 'vitest';
import { TempUsageHomes, makeUsageRecord } from '../../test/support/usage-records.js';
import { openUsageDatabase } from '../store/sqlite/usage-database.js';
import { SqliteUsageWriter } from './usage-writer.js';

const homes = new TempUsageHomes();
afterEach(() => {
  vi.useRealTimers();
  homes.cleanup();
});

function silentLogger() {
  return { warn: vi.fn(), error: vi.fn() };
}

function storedIds(home: string): string[] {
  const database = homes.track(openUsageDatabase(home, { readonly: true }));
  const ids = database.db
    .prepare<[], string>('SELECT request_id FROM usage_records ORDER BY id')
    .pluck()
    .all();
  database.close();
  return ids;
}

describe('SqliteUsageWriter', () => {
  it('record() only buffers (synchronously, no write) until a flush writes all in one go', () => {
    const home = homes.home();
    const writer = new SqliteUsageWriter(homes.open(home), { logger: silentLogger(), flushIntervalMs: 0 });
    const returned: unknown = writer.record(makeUsageRecord({ requestId: 'req_a' }));
    writer.record(makeUsageRecord({ requestId: 'req_b' }));
    expect(returned).toBeUndefined();
    expect(writer.pending).toBe(2);
    expect(storedIds(home)).toEqual([]);
    expect(writer.flush()).toBe(2);
    expect(writer.pending).toBe(0);
    expect(storedIds(home)).toEqual(['req_a', 'req_b']);
    expect(writer.flush()).toBe(0);
    writer.close();
  });

  it('flushes on its timer', () => {
    vi.useFakeTimers();
    const home = homes.home();
    const writer = new SqliteUsageWriter(homes.open(home), { logger: silentLogger(), flushIntervalMs: 500 });
    writer.record(makeUsageRecord({ requestId: 'req_timer' }));
    vi.advanceTimersByTime(499);
    expect(writer.pending).toBe(1);
    vi.advanceTimersByTime(1);
    expect(writer.pending).toBe(0);
    expect(storedIds(home)).toEqual(['req_timer']);
    writer.close();
  });

  it('close() writes what is buffered, closes the database, and ignores later records', () => {
    const home = homes.home();
    const database = homes.open(home);
    const writer = new SqliteUsageWriter(database, { logger: silentLogger() });
    writer.record(makeUsageRecord({ requestId: 'req_last' }));
    writer.close();
    expect(database.db.open).toBe(false);
    writer.record(makeUsageRecord({ requestId: 'req_after' }));
    writer.close();
    expect(storedIds(home)).toEqual(['req_last']);
  });

  it('a failing flush logs, keeps the records and writes them on the next try; duplicates are ignored', () => {
    const home = homes.home();
    const database = homes.open(home);
    const logger = silentLogger();
    const writer = new SqliteUsageWriter(database, { logger, flushIntervalMs: 0 });
    writer.record(makeUsageRecord({ requestId: 'req_1' }));
    database.db.exec('ALTER TABLE usage_records RENAME TO usage_records_away');
    expect(writer.flush()).toBe(0);
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ pending: 1 }),
      expect.stringContaining('usage flush failed'),
    );
    writer.record(makeUsageRecord({ requestId: 'req_2' }));
    writer.record(makeUsageRecord({ requestId: 'req_1' }));
    database.db.exec('ALTER TABLE usage_records_away RENAME TO usage_records');
    expect(writer.flush()).toBe(3);
    writer.close();
    expect(storedIds(home)).toEqual(['req_1', 'req_2']);
  });

  it('drops the oldest records beyond the bound, warning once per outage', () => {
    const home = homes.home();
    const database = homes.open(home);
    const logger = silentLogger();
    const writer = new SqliteUsageWriter(database, { logger, flushIntervalMs: 0, maxBuffered: 2 });
    database.db.exec('ALTER TABLE usage_records RENAME TO usage_records_away');
    for (const id of ['req_1', 'req_2', 'req_3', 'req_4']) writer.record(makeUsageRecord({ requestId: id }));
    expect(writer.pending).toBe(2);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(writer.flush()).toBe(0);
    database.db.exec('ALTER TABLE usage_records_away RENAME TO usage_records');
    writer.close();
    expect(storedIds(home)).toEqual(['req_3', 'req_4']);
  });
});
