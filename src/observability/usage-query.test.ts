import { afterEach, describe, expect, it } from 'vitest';
import { TempUsageHomes, makeUsageRecord } from '../../test/support/usage-records.js';
import type { UsageDatabase } from '../store/sqlite/usage-database.js';
import { prepareUsageInsert, usageRowOf } from '../store/sqlite/usage-row.js';
import { parseUsageDimensions, parseUsageTime, usagePeriodStart } from './parse-usage-query.js';
import { usageAggregates, usageTotals } from './usage-query.js';
import type { UsageRecord } from './usage-record.js';

const homes = new TempUsageHomes();
afterEach(() => homes.cleanup());

const JAN_31_2330 = Date.UTC(2025, 0, 31, 23, 30);
const JAN_31_2350 = Date.UTC(2025, 0, 31, 23, 50);
const FEB_01_0010 = Date.UTC(2025, 1, 1, 0, 10);

/** Four requests around the UTC midnight between Jan 31 and Feb 1, 2025. */
const RECORDS: UsageRecord[] = [
  makeUsageRecord({ requestId: 'req_1', startedAt: JAN_31_2330, inboundKeyId: 'key_a', latencyMs: 100 }),
  makeUsageRecord({
    requestId: 'req_2',
    startedAt: JAN_31_2350,
    inboundKeyId: 'key_b',
    latencyMs: 300,
    attempts: 3,
    fallbackFrom: 'ollama/qwen3',
    usage: { reasoningTokens: 20 },
  }),
  makeUsageRecord({
    requestId: 'req_3',
    startedAt: FEB_01_0010,
    inboundKeyId: 'key_a',
    requestedModel: 'gpt-4o',
    upstream: 'openai',
    upstreamModel: 'gpt-4o',
    latencyMs: 200,
    firstByteMs: 80,
  }),
  makeUsageRecord({
    requestId: 'req_4',
    startedAt: FEB_01_0010 + 1,
    requestedModel: 'gpt-4o',
    upstream: undefined,
    upstreamModel: undefined,
    credentialId: undefined,
    attempts: 0,
    status: 503,
    outcome: 'rejected',
    errorCode: 'model_cooldown',
    usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    firstByteMs: undefined,
    latencyMs: 1000,
  }),
];

function filled(): UsageDatabase {
  const database = homes.open();
  const insert = prepareUsageInsert(database.db);
  for (const record of RECORDS) insert.run(usageRowOf(record));
  return database;
}

describe('usageTotals', () => {
  it('sums requests, outcomes, tokens and latencies over everything', () => {
    expect(usageTotals(filled())).toEqual({
      requests: 4,
      complete: 3,
      rejected: 1,
      failed: 0,
      aborted: 0,
      errors: 1,
      fallbacks: 1,
      retries: 2,
      tokens: { input: 300, output: 150, cacheRead: 30, cacheWrite: 15, reasoning: 20 },
      latencyMs: { avg: 400, p50: 200, p95: 1000 },
      firstByteMs: { avg: 107 },
    });
  });

  it('counts since (inclusive) to until (exclusive), and answers zeros for an empty range', () => {
    const database = filled();
    expect(usageTotals(database, { since: JAN_31_2350, until: FEB_01_0010 + 1 }).requests).toBe(2);
    expect(usageTotals(database, { since: Date.UTC(2030, 0, 1) })).toMatchObject({
      requests: 0,
      errors: 0,
      tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 },
      latencyMs: { avg: null, p50: null, p95: null },
      firstByteMs: { avg: null },
    });
  });
});

describe('usageAggregates', () => {
  it('groups by UTC day across the midnight boundary, by model', () => {
    const rows = usageAggregates(filled(), { bucket: 'day', by: ['model'] });
    expect(rows.map((row) => [row.bucket, row.model, row.requests, row.errors, row.tokens.input])).toEqual([
      ['2025-01-31T00:00:00.000Z', 'claude-sonnet-4', 2, 0, 200],
      ['2025-02-01T00:00:00.000Z', 'gpt-4o', 2, 1, 100],
    ]);
    expect(rows[0]).toMatchObject({ bucketStart: Date.UTC(2025, 0, 31), avgLatencyMs: 200, fallbacks: 1 });
    expect(rows[0]).not.toHaveProperty('upstream');
  });

  it('groups by hour × upstream × inbound key (null when absent)', () => {
    const rows = usageAggregates(filled(), { bucket: 'hour', by: ['upstream', 'inboundKey'] });
    expect(rows.map((row) => [row.bucket, row.upstream, row.inboundKey, row.requests])).toEqual([
      ['2025-01-31T23:00:00.000Z', 'deepseek', 'key_a', 1],
      ['2025-01-31T23:00:00.000Z', 'deepseek', 'key_b', 1],
      ['2025-02-01T00:00:00.000Z', null, null, 1],
      ['2025-02-01T00:00:00.000Z', 'openai', 'key_a', 1],
    ]);
  });

  it('bucket none: one row per dimension values over the range, most requests first', () => {
    const rows = usageAggregates(filled(), { bucket: 'none', by: ['inboundKey'], since: JAN_31_2330 });
    expect(rows.map((row) => [row.bucket, row.inboundKey, row.requests])).toEqual([
      [null, 'key_a', 2],
      [null, null, 1],
      [null, 'key_b', 1],
    ]);
    const all = usageAggregates(filled(), { bucket: 'none', by: [] });
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ requests: 4 });
    expect(all[0]).not.toHaveProperty('upstreamModel');
  });

  it('groups by upstream model and refuses a dimension named twice', () => {
    const database = filled();
    const rows = usageAggregates(database, { bucket: 'none', by: ['upstreamModel'] });
    expect(rows.map((row) => [row.upstreamModel, row.requests])).toEqual([
      ['deepseek-chat', 2],
      [null, 1],
      ['gpt-4o', 1],
    ]);
    expect(() => usageAggregates(database, { bucket: 'day', by: ['model', 'model'] })).toThrow(/twice/);
  });
});

describe('usage query parameters', () => {
  it('parses ms and ISO times (UTC without a zone), refusing anything else', () => {
    expect(parseUsageTime('1738366200000')).toBe(1738366200000);
    expect(parseUsageTime('2025-02-01')).toBe(Date.UTC(2025, 1, 1));
    expect(parseUsageTime('2025-02-01T00:10:00')).toBe(FEB_01_0010);
    expect(parseUsageTime('2025-02-01T02:10:00+02:00')).toBe(FEB_01_0010);
    expect(parseUsageTime('yesterday')).toBeUndefined();
    expect(parseUsageTime('2025-13-45')).toBeUndefined();
  });

  it('parses dimension lists and periods', () => {
    expect(parseUsageDimensions('model, upstream-model,KEY,model')).toEqual([
      'model',
      'upstreamModel',
      'inboundKey',
    ]);
    expect(parseUsageDimensions('')).toEqual([]);
    expect(parseUsageDimensions('model,region')).toEqual({ unknown: 'region' });
    expect(usagePeriodStart('day', FEB_01_0010)).toBe(FEB_01_0010 - 86_400_000);
    expect(usagePeriodStart('all', FEB_01_0010)).toBeUndefined();
  });
});
