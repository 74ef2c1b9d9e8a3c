import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { TempUsageHomes, makeUsageRecord } from '../../../test/support/usage-records.js';
import { createLogger } from '../../observability/logger.js';
import { SqliteUsageWriter } from '../../observability/usage-writer.js';
import { openAIChatProtocol } from '../../protocols/openai-chat/openai-chat-protocol.js';
import type { UsageDatabase } from '../../store/sqlite/usage-database.js';
import { createErrorHandler } from '../handle-error.js';
import { registerUsageRoutes, type UsageRoutesContext } from './usage-routes.js';

const homes = new TempUsageHomes();
let app: FastifyInstance | undefined;
const writers: SqliteUsageWriter[] = [];
afterEach(async () => {
  await app?.close();
  app = undefined;
  await Promise.all(writers.splice(0).map((writer) => writer.close()));
  homes.cleanup();
});

function writerFor(database: UsageDatabase): SqliteUsageWriter {
  const writer = new SqliteUsageWriter(database, {
    logger: createLogger({ level: 'silent' }),
    flushIntervalMs: 0,
  });
  writers.push(writer);
  return writer;
}

const T0 = Date.UTC(2025, 0, 31, 23, 30);
const T1 = Date.UTC(2025, 1, 1, 0, 10);

/** A bare Fastify instance with the usage routes in a `/v0/management` scope, as the gateway sets it up. */
function build(context: UsageRoutesContext): FastifyInstance {
  const logger = createLogger({ level: 'silent' });
  app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  void app.register(
    async (scope) => {
      scope.setErrorHandler(
        createErrorHandler(
          logger,
          () => 1_000_000,
          (error, requestId) => openAIChatProtocol.encodeError(error, requestId),
        ),
      );
      registerUsageRoutes(scope, context);
    },
    { prefix: '/v0/management' },
  );
  return app;
}

/** A database with two records around UTC midnight, one of them still in the writer's buffer. */
async function withRecords(): Promise<{ database: UsageDatabase; writer: SqliteUsageWriter }> {
  const database = homes.open();
  const writer = writerFor(database);
  writer.record(makeUsageRecord({ requestId: 'req_1', startedAt: T0, inboundKeyId: 'key_a' }));
  await writer.flush();
  writer.record(
    makeUsageRecord({ requestId: 'req_2', startedAt: T1, requestedModel: 'gpt-4o', upstream: 'openai' }),
  );
  return { database, writer };
}

function errorOf(body: string): { message: string; code: unknown } {
  return (JSON.parse(body) as { error: { message: string; code: unknown } }).error;
}

describe('usage routes', () => {
  it('GET /usage answers totals and day × model aggregates, including buffered records', async () => {
    const { database, writer } = await withRecords();
    const server = build({ usageDatabase: () => database, flushPending: () => writer.flush() });
    const response = await server.inject({ method: 'GET', url: '/v0/management/usage' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ totals: { requests: number }; aggregates: Record<string, unknown>[] }>();
    expect(body.totals.requests).toBe(2);
    expect(body.aggregates.map((row) => [row.bucket, row.model, row.requests])).toEqual([
      ['2025-01-31T00:00:00.000Z', 'claude-sonnet-4', 1],
      ['2025-02-01T00:00:00.000Z', 'gpt-4o', 1],
    ]);
  });

  it('GET /usage takes since/until (ISO or ms), bucket and by', async () => {
    const database = homes.open();
    const writer = writerFor(database);
    writer.record(makeUsageRecord({ requestId: 'req_a', startedAt: T0, inboundKeyId: 'key_a' }));
    writer.record(makeUsageRecord({ requestId: 'req_b', startedAt: T1, upstream: 'openai' }));
    await writer.flush();
    const server = build({ usageDatabase: () => database });
    const url = `/v0/management/usage?since=2025-01-31T23:00:00Z&until=${T1 + 1}&bucket=hour&by=upstream,key`;
    const body = (await server.inject({ method: 'GET', url })).json<{
      aggregates: Record<string, unknown>[];
    }>();
    expect(body.aggregates.map((row) => [row.bucket, row.upstream, row.inboundKey, row.model])).toEqual([
      ['2025-01-31T23:00:00.000Z', 'deepseek', 'key_a', undefined],
      ['2025-02-01T00:00:00.000Z', 'openai', null, undefined],
    ]);
    const none = await server.inject({ method: 'GET', url: `/v0/management/usage?since=${T1}&bucket=none` });
    expect(none.json<{ aggregates: { bucket: unknown; requests: number }[] }>().aggregates).toEqual([
      expect.objectContaining({ bucket: null, requests: 1 }),
    ]);
  });

  it('answers 400 for a bad query', async () => {
    const { database } = await withRecords();
    const server = build({ usageDatabase: () => database });
    const cases: [string, RegExp][] = [
      ['since=yesterday', /since must be ms since the epoch or an ISO 8601/],
      ['since=2025-02-01&until=2025-01-01', /since must be earlier than until/],
      ['bucket=week', /bucket/],
      ['by=model,region', /unknown dimension 'region'/],
      ['limit=3', /limit|query/],
    ];
    for (const [query, message] of cases) {
      const response = await server.inject({ method: 'GET', url: `/v0/management/usage?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(errorOf(response.body).message, query).toMatch(message);
    }
  });

  it('export → import into an empty database → export gives the same records', async () => {
    const { database, writer } = await withRecords();
    const source = build({ usageDatabase: () => database, flushPending: () => writer.flush() });
    const exported = await source.inject({ method: 'GET', url: '/v0/management/usage/export' });
    expect(exported.statusCode).toBe(200);
    const document = exported.json<{ version: number; records: { requestId: string }[] }>();
    expect(document.records.map((record) => record.requestId)).toEqual(['req_1', 'req_2']);
    await source.close();

    const empty = homes.open();
    const target = build({ usageDatabase: () => empty });
    const imported = await target.inject({
      method: 'POST',
      url: '/v0/management/usage/import',
      headers: { 'content-type': 'application/json' },
      payload: exported.body,
    });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toEqual({ imported: 2, skipped: 0 });
    const again = await target.inject({ method: 'GET', url: '/v0/management/usage/export' });
    expect(again.json<{ records: unknown }>().records).toEqual(document.records);
    const twice = await target.inject({
      method: 'POST',
      url: '/v0/management/usage/import',
      payload: exported.body,
    });
    expect(twice.json()).toEqual({ imported: 0, skipped: 2 });
    const since = await target.inject({ method: 'GET', url: `/v0/management/usage/export?since=${T1}` });
    expect(since.json<{ records: unknown[] }>().records).toHaveLength(1);
  });

  it('POST /usage/import answers 400 for an empty, non-JSON or wrongly shaped body', async () => {
    const server = build({ usageDatabase: () => homes.open() });
    const post = (payload: string) =>
      server.inject({ method: 'POST', url: '/v0/management/usage/import', payload });
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['{not json', /not valid JSON/],
      ['{"version":1,"exported_at":"x","records":[{"requestId":"r"}]}', /records\.0\.startedAt/],
    ];
    for (const [payload, message] of cases) {
      const response = await post(payload);
      expect(response.statusCode, payload).toBe(400);
      expect(errorOf(response.body).message, payload).toMatch(message);
    }
  });

  it('answers 404 naming usage-statistics-enabled when usage is not recorded', async () => {
    const server = build({ usageDatabase: () => undefined });
    for (const [method, url] of [
      ['GET', '/v0/management/usage'],
      ['GET', '/v0/management/usage/export'],
      ['POST', '/v0/management/usage/import'],
    ] as const) {
      const response = await server.inject({ method, url, payload: method === 'POST' ? '{}' : '' });
      expect(response.statusCode, url).toBe(404);
      expect(errorOf(response.body).message).toMatch(/usage-statistics-enabled is false/);
    }
  });
});
