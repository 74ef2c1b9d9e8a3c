import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../observability/logger.js';
import { RecentLogLines } from '../../observability/recent-log-lines.js';
import { SecretRegistry } from '../../observability/secret-registry.js';
import { createErrorHandler } from '../handle-error.js';
import { DEFAULT_LOGS_LIMIT, registerLogsRoute } from './logs-route.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The route inside a `/v0/management` scope, as the gateway registers it (the scope's auth left out). */
async function build(recent: RecentLogLines): Promise<FastifyInstance> {
  app = Fastify();
  app.setErrorHandler(createErrorHandler(createLogger({ level: 'silent' }), () => 1024));
  await app.register(
    async (scope) => {
      registerLogsRoute(scope, { recent });
    },
    { prefix: '/v0/management' },
  );
  return app;
}

describe('GET /v0/management/logs', () => {
  it('answers the latest lines, oldest first, parsed, with secrets already scrubbed', async () => {
    const recent = new RecentLogLines(50);
    const logger = createLogger({
      level: 'debug',
      destination: { write: () => true } as unknown as NodeJS.WritableStream,
      secrets: new SecretRegistry(['sk-never-shown-1']),
      recent,
    });
    for (let index = 0; index < 5; index += 1) logger.info({ index }, `line ${index} sk-never-shown-1`);
    recent.push('not json');
    const server = await build(recent);

    const all = await server.inject({ method: 'GET', url: '/v0/management/logs' });
    expect(all.statusCode).toBe(200);
    const { lines } = all.json<{ lines: unknown[] }>();
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatchObject({ index: 0, msg: 'line 0 [redacted]', service: 'switchboard' });
    expect(lines[5]).toBe('not json');
    expect(all.body).not.toContain('sk-never-shown-1');

    const two = await server.inject({ method: 'GET', url: '/v0/management/logs?limit=2' });
    expect(two.json<{ lines: unknown[] }>().lines).toEqual([
      expect.objectContaining({ index: 4 }),
      'not json',
    ]);
  });

  it(`answers ${DEFAULT_LOGS_LIMIT} lines by default, at most the ring's capacity`, async () => {
    const recent = new RecentLogLines(1000);
    for (let index = 0; index < 300; index += 1) recent.push(JSON.stringify({ index }));
    const server = await build(recent);
    const byDefault = await server.inject({ method: 'GET', url: '/v0/management/logs' });
    expect(byDefault.json<{ lines: unknown[] }>().lines).toHaveLength(DEFAULT_LOGS_LIMIT);
    const many = await server.inject({ method: 'GET', url: '/v0/management/logs?limit=5000' });
    expect(many.json<{ lines: unknown[] }>().lines).toHaveLength(300);
  });

  it('refuses a limit that is not a positive integer, or unknown parameters (400)', async () => {
    const server = await build(new RecentLogLines(10));
    for (const query of ['limit=0', 'limit=abc', 'limit=1.5', 'lines=3']) {
      const response = await server.inject({ method: 'GET', url: `/v0/management/logs?${query}` });
      expect(response.statusCode, query).toBe(400);
    }
  });
});
