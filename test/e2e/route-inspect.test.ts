// `GET /v0/route?model=…` over real HTTP: where a request would go without sending anything upstream —
// candidates with their credentials' availability (ids only, never a key), the matched or skipped `router:`
// rule, the `fallbacks` (resolved and unresolved), the preview models of `quota-exceeded` — and how a 429
// on one key shows up there as `cooling`. Errors come in OpenAI's envelope (400, 401, 404).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { benchCredentialId, benchGatewayYaml, type BenchUpstream } from '../support/fallback-bench.js';
import { createRoutedClient } from '../support/fallback-clients.js';
import { startFaultUpstream } from '../support/fault-upstreams.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const INBOUND_KEY = 'sk-in';

/** One upstream's candidate as the route answers it, with every credential `available`. */
function availableCandidate(upstream: BenchUpstream, model: string) {
  return {
    upstream: upstream.id,
    model,
    format: 'anthropic',
    credentials: (upstream.keys ?? ['']).map((_, index) => ({
      id: benchCredentialId(upstream, index),
      priority: 0,
      weight: 1,
      prefix: null,
      eligible: true,
      availability: 'available',
    })),
  };
}

describe('GET /v0/route', () => {
  let p: BenchUpstream;
  let f: BenchUpstream;
  let t: BenchUpstream;
  let gateway: TestGateway | undefined;

  beforeAll(async () => {
    p = {
      id: 'p',
      fake: await startFaultUpstream('anthropic'),
      models: ['m', 'm-preview-1'],
      keys: ['sk-p-1', 'sk-p-2'],
    };
    f = { id: 'f', fake: await startFaultUpstream('anthropic'), models: ['fm'], keys: ['sk-f'] };
    t = {
      id: 't',
      fake: await startFaultUpstream('anthropic'),
      models: ['think-model', 'long-model'],
      keys: ['sk-t'],
    };
  });
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });
  afterAll(async () => {
    await Promise.all([p.fake.close(), f.fake.close(), t.fake.close()]);
  });

  const start = async (): Promise<TestGateway> => {
    for (const upstream of [p, f, t]) upstream.fake.reset();
    const yaml = benchGatewayYaml({
      upstreams: [p, f, t],
      fallbacks: { m: ['f/fm', 'nowhere/x'] },
      extraYaml: [
        `api-keys: ["${INBOUND_KEY}"]`,
        'routing:',
        '  strategy: fill-first',
        'router:',
        '  think: t/think-model',
        '  long-context: t/long-model',
        '  long-context-threshold: 1000',
        '  web-search: ghost/model',
      ],
    });
    gateway = await startTestGateway({ yaml });
    return gateway;
  };
  const inspect = async (query: string, token: string | null = INBOUND_KEY) => {
    const response = await fetch(`${(gateway ?? (await start())).url}/v0/route?${query}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers candidates, fallbacks (resolved and unresolved), preview models and credential availability', async () => {
    const { status, body } = await inspect('model=m');

    expect(status).toBe(200);
    expect(body).toEqual({
      model: 'm',
      step: 'exact',
      tier: null,
      rule: null,
      rule_reference: null,
      skipped_rule: null,
      candidates: [availableCandidate(p, 'm')],
      fallback_key: 'm',
      fallbacks: [{ reference: 'f/fm', candidates: [availableCandidate(f, 'fm')] }],
      unresolved_fallbacks: ['nowhere/x'],
      preview_models: [availableCandidate(p, 'm-preview-1')],
    });
    expect(JSON.stringify(body)).not.toMatch(/sk-/);
    expect(p.fake.requests).toHaveLength(0);
  });

  it.each([
    { query: 'model=m&thinking=true', rule: 'think', reference: 't/think-model' },
    { query: 'model=m&tokens=5000', rule: 'long-context', reference: 't/long-model' },
    { query: 'model=m&tokens=5000&thinking=1', rule: 'long-context', reference: 't/long-model' },
  ])('$query → rule $rule', async ({ query, rule, reference }) => {
    const { body } = await inspect(query);

    expect(body).toMatchObject({ step: 'rule', rule, rule_reference: reference, skipped_rule: null });
    expect(body.candidates).toEqual([availableCandidate(t, reference.slice(2))]);
  });

  it('a rule whose reference resolves nowhere is reported as skipped; tokens under the threshold match nothing', async () => {
    const skipped = await inspect('model=m&web-search=true&tokens=999');

    expect(skipped.body).toMatchObject({ step: 'exact', rule: null });
    expect(skipped.body.skipped_rule).toMatch(/router\.web-search is 'ghost\/model'/);
  });

  it('an inbound-token override is shown as step override', async () => {
    const { body } = await inspect('model=m&thinking=true', `${INBOUND_KEY}:f/fm`);

    expect(body).toMatchObject({ step: 'override', rule: null, candidates: [availableCandidate(f, 'fm')] });
  });

  it('after a 429 on one key, that credential shows cooling (for that model only) and the other serves', async () => {
    await start();
    p.fake.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '600' } });
    const client = createRoutedClient('anthropic', gateway?.url ?? '', INBOUND_KEY);

    const answer = await client.ask('m');

    expect(answer.headers.get('x-switchboard-upstream')).toBe('p');
    expect(p.fake.keys()).toEqual(['sk-p-1', 'sk-p-2']);
    const before = Date.now();
    const { body } = await inspect('model=m');
    const [candidate] = body.candidates as { credentials: Record<string, unknown>[] }[];
    expect(candidate?.credentials).toEqual([
      expect.objectContaining({
        id: benchCredentialId(p, 0),
        availability: 'cooling',
        until: expect.any(String),
      }),
      expect.objectContaining({ id: benchCredentialId(p, 1), availability: 'available' }),
    ]);
    const until = Date.parse(String(candidate?.credentials[0]?.until));
    expect(until - before).toBeGreaterThan(590_000);
    expect(until - before).toBeLessThanOrEqual(601_000);
    // A 429 cools a credential for one model: the preview model may still use the key.
    expect(body.preview_models).toEqual([availableCandidate(p, 'm-preview-1')]);
  });

  it('after 5xx answers that sent a request to its fallback, the upstream shows its own cooldown', async () => {
    await start();
    p.fake.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const client = createRoutedClient('anthropic', gateway?.url ?? '', INBOUND_KEY);

    const answer = await client.ask('m');

    expect(answer.headers.get('x-switchboard-upstream')).toBe('f');
    const before = Date.now();
    const { body } = await inspect('model=m');
    const [candidate] = body.candidates as { upstream_cooling_until?: string; credentials: unknown[] }[];
    const until = Date.parse(String(candidate?.upstream_cooling_until));
    expect(until - before).toBeGreaterThan(50_000); // the default upstream cooldown: 1 min
    expect(until - before).toBeLessThanOrEqual(60_000);
    expect(candidate?.credentials).toEqual([
      expect.objectContaining({ id: benchCredentialId(p, 0), availability: 'upstream-cooling' }),
      expect.objectContaining({ id: benchCredentialId(p, 1), availability: 'upstream-cooling' }),
    ]);
    const [fallback] = body.fallbacks as { candidates: unknown[] }[];
    expect(fallback?.candidates).toEqual([availableCandidate(f, 'fm')]);
  });

  it.each([
    { query: '', status: 400, type: 'invalid_request_error', message: /model is required/ },
    { query: 'model=m&colour=blue', status: 400, type: 'invalid_request_error', message: /colour/ },
    { query: 'model=m&tokens=-5', status: 400, type: 'invalid_request_error', message: /tokens/ },
    { query: 'model=m&thinking=maybe', status: 400, type: 'invalid_request_error', message: /thinking/ },
    { query: 'model=no-such-model', status: 404, type: 'not_found_error', message: /no-such-model/ },
  ])('?$query → $status in the OpenAI envelope', async ({ query, status, type, message }) => {
    const answer = await inspect(query);

    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error: { message: expect.stringMatching(message), type } });
    expect(Object.keys(answer.body.error as object).sort()).toEqual(['code', 'message', 'param', 'type']);
  });

  it.each([
    { name: 'no key', token: null },
    { name: 'a wrong key', token: 'sk-wrong' },
  ])('401 with $name, in the OpenAI envelope', async ({ token }) => {
    const answer = await inspect('model=m', token);

    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({
      error: { type: 'authentication_error', code: 'invalid_api_key', message: expect.any(String) },
    });
  });
});
