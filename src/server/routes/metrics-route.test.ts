import Fastify, { type FastifyInstance } from 'fastify';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { makeConfig, makeUpstream } from '../../../test/support/config-factories.js';
import { ConfigHolder } from '../../config/config-holder.js';
import { createLogger } from '../../observability/logger.js';
import { GatewayMetrics } from '../../observability/metrics.js';
import { UsageLog } from '../../observability/usage-log.js';
import { CredentialHealth } from '../../routing/credential-health.js';
import { MemoryStateStore } from '../../store/memory/memory-state-store.js';
import type { GatewayContext } from '../gateway-context.js';
import { createErrorHandler } from '../handle-error.js';
import { registerMetricsRoute } from './metrics-route.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function build(apiKeys: string[]): {
  app: FastifyInstance;
  context: GatewayContext & { metrics: GatewayMetrics };
} {
  const config = makeConfig([makeUpstream('deepseek', { apiKey: 'sk-deepseek-upstream' })], {}, { apiKeys });
  const configHolder = new ConfigHolder(config);
  const health = new CredentialHealth(new MemoryStateStore());
  const logger = createLogger({ level: 'silent' });
  const metrics = new GatewayMetrics({
    sources: { config: () => configHolder.current, health, limiters: () => new Map() },
  });
  const context = { configHolder, logger, health, usage: new UsageLog(), metrics };
  context.usage.addSink(metrics);
  app = Fastify();
  app.setErrorHandler(createErrorHandler(logger, () => config.bodyLimitBytes));
  registerMetricsRoute(app, context);
  return { app, context };
}

describe('GET /metrics', () => {
  it('answers the Prometheus text format with the request series', async () => {
    const { app: server, context } = build([]);
    context.metrics.requestStarted();
    context.usage.record({
      requestId: 'req_1',
      startedAt: Date.now(),
      inbound: 'openai-chat',
      requestedModel: 'deepseek-chat',
      upstream: 'deepseek',
      upstreamModel: 'deepseek-chat',
      attempts: 1,
      stream: false,
      status: 200,
      outcome: 'complete',
      usage: { inputTokens: 3, outputTokens: 4, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      firstByteMs: 120,
      latencyMs: 120,
    });
    const response = await server.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const names = parsePrometheusTextFormat(response.body).map((family) => family.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'switchboard_requests_total',
        'switchboard_request_duration_seconds',
        'switchboard_time_to_first_byte_seconds',
        'switchboard_tokens_total',
        'switchboard_upstream_retries_total',
        'switchboard_in_flight_requests',
        'switchboard_credentials',
        'switchboard_upstream_limiter',
      ]),
    );
    expect(response.body).toContain(
      'switchboard_requests_total{inbound="openai-chat",upstream="deepseek",model="deepseek-chat",status="200",outcome="complete"} 1',
    );
    expect(response.body).toContain('switchboard_credentials{upstream="deepseek",state="available"} 1');
    expect(response.body).not.toContain('sk-deepseek-upstream');
  });

  it('is guarded by the inbound api-keys', async () => {
    const { app: server } = build(['inbound-metrics-key']);
    const refused = await server.inject({ method: 'GET', url: '/metrics' });
    expect(refused.statusCode).toBe(401);
    expect(refused.body).not.toContain('switchboard_requests_total');
    const wrong = await server.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    const admitted = await server.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer inbound-metrics-key' },
    });
    expect(admitted.statusCode).toBe(200);
    expect(admitted.body).toContain('# TYPE switchboard_requests_total counter');
  });
});
