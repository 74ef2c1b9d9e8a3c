import { afterEach, describe, expect, it } from 'vitest';
import { TempUsageHomes, makeUsageRecord } from '../../test/support/usage-records.js';
import { InvalidRequestError } from '../errors/gateway-error.js';
import { prepareUsageInsert, usageRowOf } from '../store/sqlite/usage-row.js';
import { exportUsage, importUsage } from './usage-export.js';
import { usageTotals } from './usage-query.js';

const homes = new TempUsageHomes();
afterEach(() => homes.cleanup());

const T0 = Date.UTC(2025, 0, 31, 23, 30);

const records = [
  makeUsageRecord({ requestId: 'req_b', startedAt: T0, usage: { reasoningTokens: 0 } }),
  makeUsageRecord({ requestId: 'req_a', startedAt: T0, inboundKeyId: 'key_a', fallbackFrom: 'x/y' }),
  makeUsageRecord({
    requestId: 'req_c',
    startedAt: T0 + 5,
    inbound: 'gemini',
    requestedModel: '',
    upstream: undefined,
    upstreamModel: undefined,
    credentialId: undefined,
    attempts: 0,
    stream: false,
    status: 499,
    outcome: 'aborted',
    errorCode: undefined,
    firstByteMs: undefined,
    latencyMs: 3,
    usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
  }),
];

function filledExport() {
  const source = homes.open();
  const insert = prepareUsageInsert(source.db);
  for (const record of records) insert.run(usageRowOf(record));
  return exportUsage(source, {}, Date.UTC(2025, 1, 2));
}

function importError(document: unknown): string {
  try {
    importUsage(homes.open(), document);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return (error as Error).message;
  }
  throw new Error('import accepted the document');
}

describe('exportUsage / importUsage', () => {
  it('exports records oldest first with null for absent fields', () => {
    const exported = filledExport();
    expect(exported.version).toBe(1);
    expect(exported.exported_at).toBe('2025-02-02T00:00:00.000Z');
    expect(exported.records.map((record) => record.requestId)).toEqual(['req_a', 'req_b', 'req_c']);
    expect(exported.records[2]).toEqual({
      requestId: 'req_c',
      startedAt: T0 + 5,
      inbound: 'gemini',
      inboundKeyId: null,
      requestedModel: '',
      upstream: null,
      upstreamModel: null,
      credentialId: null,
      fallbackFrom: null,
      attempts: 0,
      stream: false,
      status: 499,
      outcome: 'aborted',
      errorCode: null,
      usage: {
        inputTokens: 0,
        outputTokens: 0,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        reasoningTokens: null,
      },
      firstByteMs: null,
      latencyMs: 3,
    });
    expect(exported.records[1]?.usage.reasoningTokens).toBe(0);
  });

  it('round-trips exactly through JSON into an empty database, and skips what is already there', () => {
    const exported = filledExport();
    const text = JSON.stringify(exported);
    const target = homes.open();
    expect(importUsage(target, JSON.parse(text))).toEqual({ imported: 3, skipped: 0 });
    const again = exportUsage(target, {}, Date.UTC(2025, 1, 2));
    expect(again.records).toEqual(exported.records);
    expect(JSON.stringify(again)).toBe(text);
    expect(importUsage(target, JSON.parse(text))).toEqual({ imported: 0, skipped: 3 });
    expect(usageTotals(target).requests).toBe(3);
  });

  it('exports a time range only', () => {
    const source = homes.open();
    const insert = prepareUsageInsert(source.db);
    for (const record of records) insert.run(usageRowOf(record));
    const ids = exportUsage(source, { since: T0 + 1 }).records.map((record) => record.requestId);
    expect(ids).toEqual(['req_c']);
  });

  it('refuses a bad document with a 400 naming the fields, inserting nothing', () => {
    const good = filledExport();
    const [first, second] = good.records;
    expect(importError(null)).toMatch(/^Not a usage export \(version 1\): \(document\)/);
    expect(importError({ ...good, version: 2 })).toMatch(/version:/);
    expect(importError({ ...good, extra: 1 })).toMatch(/extra/);
    expect(importError({ ...good, records: [first, { ...second, status: '200' }] })).toMatch(
      /records\.1\.status/,
    );
    expect(importError({ ...good, records: [{ ...first, latencyMs: 1.5 }] })).toMatch(
      /records\.0\.latencyMs/,
    );
    expect(importError({ ...good, records: [{ ...first, upstream: undefined }] })).toMatch(
      /records\.0\.upstream/,
    );
    const extraField = { ...good, records: [{ ...first, usage: { ...first?.usage, costUsd: 1 } }] };
    expect(importError(extraField)).toMatch(/records\.0\.usage/);

    const target = homes.open();
    expect(() => importUsage(target, { ...good, records: [first, { ...second, outcome: 'ok' }] })).toThrow(
      /records\.1\.outcome/,
    );
    expect(usageTotals(target).requests).toBe(0);
  });
});
