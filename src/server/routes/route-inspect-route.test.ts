import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { makeConfig, makeUpstream } from '../../../test/support/config-factories.js';
import { ConfigHolder } from '../../config/config-holder.js';
import type { SwitchboardConfig } from '../../config/switchboard-config.js';
import { createLogger } from '../../observability/logger.js';
import { UsageLog } from '../../observability/usage-log.js';
import { classifyFailure, DEFAULT_COOLDOWN_POLICY } from '../../routing/cooldown-policy.js';
import { CredentialHealth } from '../../routing/credential-health.js';
import { createCredential } from '../../routing/credential.js';
import { MemoryStateStore } from '../../store/memory/memory-state-store.js';
import type { GatewayContext } from '../gateway-context.js';
import { registerRouteInspectRoute } from './route-inspect-route.js';

const primaryKey = createCredential('gemini', { apiKey: 'sk-gemini-primary', priority: 1 });
const spareKey = createCredential('gemini', { apiKey: 'sk-gemini-spare', weight: 3, prefix: 'team' });
const gemini = makeUpstream('gemini', {
  format: 'gemini',
  apiKey: 'sk-gemini-primary',
  credentials: [primaryKey, spareKey],
  models: [{ name: 'gemini-2.5-pro', alias: 'g2.5p' }, { name: 'gemini-2.5-pro-preview-06-05' }],
});
const deepseek = makeUpstream('deepseek', {
  apiKey: 'sk-deepseek',
  models: [{ name: 'deepseek-chat', alias: 'ds' }, { name: 'deepseek-reasoner' }],
});
const ollama = makeUpstream('ollama', { format: 'openai-chat', models: [{ name: 'qwen3:32b', alias: 'q' }] });

function config(fields: Partial<SwitchboardConfig> = {}): SwitchboardConfig {
  return makeConfig(
    [gemini, deepseek, ollama],
    { opus: 'g2.5p', haiku: 'q' },
    {
      router: {
        think: 'deepseek/deepseek-reasoner',
        webSearch: 'ds',
        longContext: 'nowhere/x',
        longContextThreshold: 60_000,
      },
      fallbacks: new Map([['gemini-2.5-pro', ['ds', 'missing-model', 'ollama/qwen3:32b']]]),
      ...fields,
    },
  );
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A bare Fastify instance with only this route, set up as `buildApp` sets up the gateway's. */
function build(served: SwitchboardConfig): { app: FastifyInstance; context: GatewayContext } {
  const context: GatewayContext = {
    configHolder: new ConfigHolder(served),
    logger: createLogger({ level: 'silent' }),
    health: new CredentialHealth(new MemoryStateStore()),
    usage: new UsageLog(),
  };
  app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  registerRouteInspectRoute(app, context);
  return { app, context };
}

async function inspect(target: FastifyInstance, query: string, headers: Record<string, string> = {}) {
  const response = await target.inject({ method: 'GET', url: `/v0/route?${query}`, headers });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

describe('GET /v0/route', () => {
  it('lists candidates with credential ids and availability after a recorded cooldown', async () => {
    const { app: server, context } = build(config());
    const now = Date.now();
    await context.health.recordFailure({
      credentialId: primaryKey.id,
      upstreamId: 'gemini',
      model: 'gemini-2.5-pro',
      action: classifyFailure(
        { status: 429, headers: { 'retry-after': '30' } },
        DEFAULT_COOLDOWN_POLICY,
        0,
        now,
      ),
      status: 429,
      now,
    });
    const { status, body } = await inspect(server, 'model=claude-opus-4-8');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      model: 'claude-opus-4-8',
      step: 'tier',
      tier: 'opus',
      rule: null,
      skipped_rule: null,
      candidates: [
        {
          upstream: 'gemini',
          model: 'gemini-2.5-pro',
          format: 'gemini',
          credentials: [
            {
              id: primaryKey.id,
              priority: 1,
              weight: 1,
              prefix: null,
              eligible: true,
              availability: 'cooling',
            },
            {
              id: spareKey.id,
              priority: 0,
              weight: 3,
              prefix: 'team',
              eligible: false,
              availability: 'available',
            },
          ],
        },
      ],
    });
    const [candidate] = body.candidates as { credentials: { until?: string }[] }[];
    expect(Date.parse(candidate?.credentials[0]?.until ?? '')).toBeGreaterThan(now + 29_000);
    expect(candidate?.credentials[1]?.until).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain('sk-gemini');
  });

  it('lists fallbacks, unresolved fallbacks and preview models', async () => {
    const { app: server } = build(config());
    const { body } = await inspect(server, 'model=g2.5p');
    expect(body.fallback_key).toBe('gemini-2.5-pro');
    expect(body.fallbacks).toMatchObject([
      { reference: 'ds', candidates: [{ upstream: 'deepseek', model: 'deepseek-chat' }] },
      {
        reference: 'ollama/qwen3:32b',
        candidates: [{ upstream: 'ollama', model: 'qwen3:32b', credentials: [] }],
      },
    ]);
    expect(body.unresolved_fallbacks).toEqual(['missing-model']);
    expect(body.preview_models).toMatchObject([
      { upstream: 'gemini', model: 'gemini-2.5-pro-preview-06-05' },
    ]);

    const { app: noPreview } = build(
      config({ quotaExceeded: { switchPreviewModel: false, switchProject: false } }),
    );
    expect((await inspect(noPreview, 'model=g2.5p')).body.preview_models).toEqual([]);
  });

  it('shows an upstream cooldown, also for keyless upstreams', async () => {
    const { app: server, context } = build(config());
    const now = Date.now();
    await context.health.recordFailure({
      credentialId: 'ollama:keyless',
      upstreamId: 'ollama',
      action: classifyFailure({ status: 503, headers: {} }, DEFAULT_COOLDOWN_POLICY, 0, now),
      status: 503,
      now,
    });
    const { body } = await inspect(server, 'model=q');
    expect(body.candidates).toMatchObject([{ upstream: 'ollama', credentials: [] }]);
    const [candidate] = body.candidates as { upstream_cooling_until?: string }[];
    expect(Date.parse(candidate?.upstream_cooling_until ?? '')).toBeGreaterThan(now);
  });

  it.each([
    ['thinking=true', 'think', 'deepseek-reasoner', null],
    ['thinking=1&web-search=true', 'web-search', 'deepseek-chat', null],
    // The matched rule (long-context) resolves nowhere: skipped, normal resolution (not the next rule).
    ['thinking=true&tokens=90000', null, 'gemini-2.5-pro', "router.long-context is 'nowhere/x'"],
    ['thinking=false', null, 'gemini-2.5-pro', null],
  ])('selects rules from the query flags: %s', async (flags, rule, model, skipped) => {
    const { app: server } = build(config());
    const { body } = await inspect(server, `model=claude-opus-4-8&${flags}`);
    expect(body.rule).toBe(rule);
    expect((body.candidates as { model: string }[])[0]?.model).toBe(model);
    if (skipped === null) expect(body.skipped_rule).toBeNull();
    else expect(body.skipped_rule).toContain(skipped);
  });

  it('lets an explicit upstream/model win over the rules', async () => {
    const { app: server } = build(config());
    const { body } = await inspect(server, 'model=ollama/qwen3:32b&thinking=true&tokens=90000');
    expect(body).toMatchObject({ step: 'explicit', rule: null });
  });

  it.each([
    ['', /model is required/],
    ['model=', /model/],
    ['model=ds&thinking=maybe', /thinking/],
    ['model=ds&tokens=-1', /tokens/],
    ['model=ds&web_search=true', /Unknown query parameter\(s\) web_search/],
  ])('answers 400 in OpenAI’s envelope for %j', async (query, message) => {
    const { app: server } = build(config());
    const { status, body } = await inspect(server, query);
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringMatching(message) },
    });
  });

  it('answers 404 for a model that resolves nowhere', async () => {
    const { app: server } = build(config());
    const { status, body } = await inspect(server, 'model=gpt-9');
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { type: 'not_found_error', code: 'model_not_found' } });
  });

  it('checks inbound keys as the generation routes do', async () => {
    const { app: server } = build(config({ apiKeys: ['sb-secret'] }));
    const missing = await inspect(server, 'model=ds');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: { type: 'authentication_error' } });
    expect((await inspect(server, 'model=ds', { authorization: 'Bearer sb-wrong' })).status).toBe(401);
    const allowed = await inspect(server, 'model=claude-opus-4-8', { authorization: 'Bearer sb-secret:ds' });
    expect(allowed).toMatchObject({ status: 200, body: { step: 'override' } });
  });
});
