import { afterEach, describe, expect, it, vi } from 'vitest';
import { TempUsageHomes, makeUsageRecord } from '../../test/support/usage-records.js';
import { openUsageDatabase } from '../store/sqlite/usage-database.js';
import { SqliteUsageWriter } from './usage-writer.js';

const homes = new TempUsageHomes();
const writers: SqliteUsageWriter[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(writers.splice(0).map((writer) => writer.close()));
  homes.cleanup();
});

function silentLogger() {
  return { warn: vi.fn(), error: vi.fn() };
}

function writerOf(...args: ConstructorParameters<typeof SqliteUsageWriter>): SqliteUsageWriter {
  const writer = new SqliteUsageWriter(...args);
  writers.push(writer);
  return writer;
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

describe.each(['thread', 'main'] as const)('SqliteUsageWriter, inserts on the %s', (writeOn) => {
  it('record() only buffers (synchronously, no write) until a flush writes all in one go', async () => {
    const home = homes.home();
    const writer = writerOf(homes.open(home), { logger: silentLogger(), flushIntervalMs: 0, writeOn });
    const returned: unknown = writer.record(makeUsageRecord({ requestId: 'req_a' }));
    writer.record(makeUsageRecord({ requestId: 'req_b' }));
    expect(returned).toBeUndefined();
    expect(writer.pending).toBe(2);
    expect(storedIds(home)).toEqual([]);
    expect(await writer.flush()).toBe(2);
    expect(writer.pending).toBe(0);
    expect(storedIds(home)).toEqual(['req_a', 'req_b']);
    expect(await writer.flush()).toBe(0);
  });

  it('flushes run one after another, in order', async () => {
    const home = homes.home();
    const writer = writerOf(homes.open(home), { logger: silentLogger(), flushIntervalMs: 0, writeOn });
    writer.record(makeUsageRecord({ requestId: 'req_1' }));
    const first = writer.flush();
    await vi.waitFor(() => expect(writer.pending).toBe(0));
    writer.record(makeUsageRecord({ requestId: 'req_2' }));
    const second = writer.flush();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(storedIds(home)).toEqual(['req_1', 'req_2']);
  });

  it('flushes on its timer, and at once when flushAt records wait', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const home = homes.home();
    const writer = writerOf(homes.open(home), {
      logger: silentLogger(),
      flushIntervalMs: 500,
      flushAt: 3,
      writeOn,
    });
    writer.record(makeUsageRecord({ requestId: 'req_timer' }));
    vi.advanceTimersByTime(499);
    expect(writer.pending).toBe(1);
    vi.advanceTimersByTime(1);
    await writer.flush();
    expect(storedIds(home)).toEqual(['req_timer']);
    for (const id of ['req_a', 'req_b', 'req_c']) writer.record(makeUsageRecord({ requestId: id }));
    await vi.waitFor(() => expect(writer.pending).toBe(0));
    await writer.flush();
    expect(storedIds(home)).toEqual(['req_timer', 'req_a', 'req_b', 'req_c']);
  });

  it('close() writes what is buffered, closes the database, and ignores later records', async () => {
    const home = homes.home();
    const database = homes.open(home);
    const writer = writerOf(database, { logger: silentLogger(), writeOn });
    writer.record(makeUsageRecord({ requestId: 'req_last' }));
    await writer.close();
    expect(database.db.open).toBe(false);
    writer.record(makeUsageRecord({ requestId: 'req_after' }));
    await writer.close();
    expect(storedIds(home)).toEqual(['req_last']);
  });

  it('a failing flush logs, keeps the records and writes them on the next try; duplicates are ignored', async () => {
    const home = homes.home();
    const database = homes.open(home);
    const logger = silentLogger();
    const writer = writerOf(database, { logger, flushIntervalMs: 0, writeOn });
    writer.record(makeUsageRecord({ requestId: 'req_1' }));
    database.db.exec('ALTER TABLE usage_records RENAME TO usage_records_away');
    expect(await writer.flush()).toBe(0);
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ pending: 1 }),
      expect.stringContaining('usage flush failed'),
    );
    writer.record(makeUsageRecord({ requestId: 'req_2' }));
    writer.record(makeUsageRecord({ requestId: 'req_1' }));
    database.db.exec('ALTER TABLE usage_records_away RENAME TO usage_records');
    expect(await writer.flush()).toBe(3);
    await writer.close();
    expect(storedIds(home)).toEqual(['req_1', 'req_2']);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('drops the oldest records beyond the bound, warning once per outage', async () => {
    const home = homes.home();
    const database = homes.open(home);
    const logger = silentLogger();
    const writer = writerOf(database, { logger, flushIntervalMs: 0, maxBuffered: 2, writeOn });
    database.db.exec('ALTER TABLE usage_records RENAME TO usage_records_away');
    for (const id of ['req_1', 'req_2', 'req_3', 'req_4']) writer.record(makeUsageRecord({ requestId: id }));
    expect(writer.pending).toBe(2);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(await writer.flush()).toBe(0);
    database.db.exec('ALTER TABLE usage_records_away RENAME TO usage_records');
    await writer.close();
    expect(storedIds(home)).toEqual(['req_3', 'req_4']);
  });
});

describe('SqliteUsageWriter on its insert thread', () => {
  it('writes through its own connection while the event loop goes on', async () => {
    const home = homes.home();
    const database = homes.open(home);
    const writer = writerOf(database, { logger: silentLogger(), flushIntervalMs: 0 });
    // The gateway's connection holds the write lock: an insert on it would go through at once (in
    // its transaction); the thread's connection has to wait for the commit.
    database.db.exec('BEGIN IMMEDIATE');
    writer.record(makeUsageRecord({ requestId: 'req_waiting' }));
    let written: number | undefined;
    const flushed = writer.flush().then((count) => (written = count));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(written).toBeUndefined();
    database.db.exec('COMMIT');
    await flushed;
    expect(written).toBe(1);
    expect(storedIds(home)).toEqual(['req_waiting']);
  });

  it('falls back to the event loop, with one warning, when the thread cannot open the database', async () => {
    const home = homes.home();
    const database = homes.open(home);
    const logger = silentLogger();
    const elsewhere = { ...database, path: `${database.path}.missing` };
    const writer = writerOf(elsewhere, { logger, flushIntervalMs: 0 });
    writer.record(makeUsageRecord({ requestId: 'req_1' }));
    expect(await writer.flush()).toBe(1);
    writer.record(makeUsageRecord({ requestId: 'req_2' }));
    expect(await writer.flush()).toBe(1);
    expect(storedIds(home)).toEqual(['req_1', 'req_2']);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ error: expect.stringContaining('unable to open database file') as unknown }),
      expect.stringContaining('usage insert thread failed'),
    );
    expect(logger.error).not.toHaveBeenCalled();
  });
});
