// `POST /v0/management/reset-cooldown`, end to end through both official SDKs: once every key of a pool has
// answered 429 with a long Retry-After, the next request is refused with 429 `model_cooldown` without
// reaching the upstream; a reset (everything, one upstream, or one credential) answers `{cleared: n}` and the
// next request reaches the upstream again and succeeds. The route belongs to the management API: it needs the
// management key (`remote-management.secret-key`, as `Authorization: Bearer` or `X-Management-Key`; 401
// without it or with an inbound api key), and without a secret the whole API is disabled (404).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  benchCredentialId,
  FALLBACK_ROWS,
  startRoutedBench,
  type BenchUpstream,
  type RoutedBench,
} from '../support/fallback-bench.js';
import { startFaultUpstream, type FaultReply } from '../support/fault-upstreams.js';

const INBOUND_KEY = 'sk-in';
const MANAGEMENT_KEY = 'sk-mgmt';
/** Generation routes take INBOUND_KEY, the management API MANAGEMENT_KEY. */
const AUTH_YAML = [`api-keys: ["${INBOUND_KEY}"]`, 'remote-management:', `  secret-key: "${MANAGEMENT_KEY}"`];
const MODEL = 'pool-model';
const LONG_429: FaultReply = { kind: 'status', status: 429, headers: { 'retry-after': '600' } };

/** POSTs a reset (`body` undefined: no body at all) with `auth` headers (default: the management key). */
async function resetCooldown(
  gatewayUrl: string,
  body?: unknown,
  auth: Record<string, string> = { authorization: `Bearer ${MANAGEMENT_KEY}` },
) {
  const response = await fetch(`${gatewayUrl}/v0/management/reset-cooldown`, {
    method: 'POST',
    headers: {
      ...auth,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.each(FALLBACK_ROWS)('reset-cooldown: $name', (row) => {
  let pool: BenchUpstream;
  let other: BenchUpstream;
  let bench: RoutedBench | undefined;

  beforeAll(async () => {
    pool = {
      id: 'pool',
      fake: await startFaultUpstream(row.upstream),
      models: [MODEL],
      keys: ['sk-pool-1', 'sk-pool-2'],
    };
    other = { id: 'other', fake: await startFaultUpstream(row.upstream), models: ['other-model'] };
  });
  afterEach(async () => {
    await bench?.close();
    bench = undefined;
  });
  afterAll(async () => {
    await Promise.all([pool.fake.close(), other.fake.close()]);
  });

  /** A gateway whose pool has answered 429 (Retry-After: 600) on both keys, and the proof it is cooling. */
  async function coolEveryKey(authYaml = AUTH_YAML): Promise<RoutedBench> {
    const started = await startRoutedBench(
      row.client,
      { upstreams: [pool], extraYaml: [...authYaml, 'routing:', '  strategy: fill-first'] },
      INBOUND_KEY,
    );
    bench = started;
    pool.fake.enqueue(LONG_429, LONG_429);
    const first = await started.client.failure(started.client.ask(MODEL));
    expect(first.status).toBe(429);
    expect(pool.fake.keys()).toEqual(['sk-pool-1', 'sk-pool-2']);

    const refused = await started.client.failure(started.client.ask(MODEL));
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('600');
    expect(JSON.stringify(refused.body)).toContain('model_cooldown');
    expect(pool.fake.requests).toHaveLength(2); // the refused request never reached the upstream
    const records = await started.usage.records(2);
    expect(records[1]).toMatchObject({
      outcome: 'rejected',
      status: 429,
      attempts: 0,
      errorCode: 'model_cooldown',
    });
    return started;
  }

  it.each([
    { scope: 'everything (no body)', body: undefined },
    { scope: 'everything ({})', body: {} },
    { scope: 'one upstream', body: { upstream: 'pool' } },
  ])('reset $scope → {cleared: 2}, and the next request succeeds', async ({ body }) => {
    const cooled = await coolEveryKey();

    await expect(resetCooldown(cooled.gateway.url, body)).resolves.toEqual({
      status: 200,
      body: { cleared: 2 },
    });

    const answer = await cooled.client.ask(MODEL);
    expect(answer.text).toBe(pool.fake.defaultText);
    expect(pool.fake.keys()).toEqual(['sk-pool-1', 'sk-pool-2', 'sk-pool-1']);
    // A second reset finds nothing left to clear.
    await expect(resetCooldown(cooled.gateway.url, body)).resolves.toEqual({
      status: 200,
      body: { cleared: 0 },
    });
  });

  it('reset one credential → {cleared: 1}: that key serves, the other stays cooling', async () => {
    const cooled = await coolEveryKey();

    const reset = await resetCooldown(cooled.gateway.url, { credential: benchCredentialId(pool, 1) });

    expect(reset).toEqual({ status: 200, body: { cleared: 1 } });
    await cooled.client.ask(MODEL);
    await cooled.client.ask(MODEL);
    expect(pool.fake.keys().slice(2)).toEqual(['sk-pool-2', 'sk-pool-2']);
    const records = await cooled.usage.records(4);
    expect(records.slice(2)).toMatchObject([
      { outcome: 'complete', attempts: 1, credentialId: benchCredentialId(pool, 1) },
      { outcome: 'complete', attempts: 1, credentialId: benchCredentialId(pool, 1) },
    ]);
  });

  it('reset one upstream also clears its own cooldown after 5xx answers', async () => {
    bench = await startRoutedBench(row.client, { upstreams: [pool], extraYaml: AUTH_YAML }, INBOUND_KEY);
    pool.fake.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    expect((await bench.client.failure(bench.client.ask(MODEL))).status).toBe(500);
    const refused = await bench.client.failure(bench.client.ask(MODEL));
    expect(refused.status).toBe(503);
    expect(JSON.stringify(refused.body)).toContain('auth_unavailable');
    expect(pool.fake.requests).toHaveLength(2);

    const reset = await resetCooldown(bench.gateway.url, { upstream: 'pool' });

    expect(reset.status).toBe(200);
    expect(reset.body.cleared).toBe(1); // the upstream's own cooldown (5xx never cools a credential)
    await expect(bench.client.ask(MODEL)).resolves.toMatchObject({ text: pool.fake.defaultText });
    expect(pool.fake.requests).toHaveLength(3);
  });

  it('reset one upstream leaves another upstream cooling; a credential outside the named upstream is a 404', async () => {
    bench = await startRoutedBench(
      row.client,
      { upstreams: [pool, other], extraYaml: AUTH_YAML },
      INBOUND_KEY,
    );
    pool.fake.enqueue(LONG_429, LONG_429);
    other.fake.enqueue(LONG_429);
    expect((await bench.client.failure(bench.client.ask(MODEL))).status).toBe(429);
    expect((await bench.client.failure(bench.client.ask('other-model'))).status).toBe(429);

    const mismatch = await resetCooldown(bench.gateway.url, {
      upstream: 'pool',
      credential: benchCredentialId(other),
    });
    expect(mismatch.status).toBe(404);
    await expect(resetCooldown(bench.gateway.url, { upstream: 'pool' })).resolves.toEqual({
      status: 200,
      body: { cleared: 2 },
    });

    await expect(bench.client.ask(MODEL)).resolves.toMatchObject({ text: pool.fake.defaultText });
    const refused = await bench.client.failure(bench.client.ask('other-model'));
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.body)).toContain('model_cooldown');
    expect(other.fake.requests).toHaveLength(1);
  });

  it.each([
    { body: { upstream: 'nope' }, status: 404, message: /No upstream 'nope'/ },
    { body: { credential: 'cred_00000000' }, status: 404, message: /cred_00000000/ },
    { body: { credential: 'sk-pool-1' }, status: 400, message: /credential/ },
    { body: { everything: true }, status: 400, message: /everything/ },
    { body: '{not json', status: 400, message: /JSON/ },
  ])('$body → $status in the OpenAI envelope, nothing cleared', async ({ body, status, message }) => {
    const cooled = await coolEveryKey();

    const answer = await resetCooldown(cooled.gateway.url, body);

    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error: { message: expect.stringMatching(message) } });
    expect(JSON.stringify(answer.body)).not.toContain('sk-pool-1"');
    expect((await cooled.client.failure(cooled.client.ask(MODEL))).status).toBe(429);
  });

  it('the X-Management-Key header is accepted as well', async () => {
    const cooled = await coolEveryKey();

    await expect(
      resetCooldown(cooled.gateway.url, {}, { 'x-management-key': MANAGEMENT_KEY }),
    ).resolves.toEqual({
      status: 200,
      body: { cleared: 2 },
    });
    await expect(cooled.client.ask(MODEL)).resolves.toMatchObject({ text: pool.fake.defaultText });
  });

  it.each([
    { name: 'no key', auth: {} },
    { name: 'a wrong key', auth: { authorization: 'Bearer sk-wrong' } },
    { name: 'the inbound api key', auth: { authorization: `Bearer ${INBOUND_KEY}` } },
  ])('$name → 401 and nothing is cleared', async ({ auth }) => {
    const cooled = await coolEveryKey();

    const answer = await resetCooldown(cooled.gateway.url, undefined, auth);

    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { type: 'authentication_error', code: 'invalid_api_key' } });
    expect((await cooled.client.failure(cooled.client.ask(MODEL))).status).toBe(429);
    expect(pool.fake.requests).toHaveLength(2);
  });

  it('without remote-management.secret-key the management API is disabled: 404, nothing cleared', async () => {
    const cooled = await coolEveryKey([`api-keys: ["${INBOUND_KEY}"]`]);

    const answer = await resetCooldown(cooled.gateway.url, {});

    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { message: expect.stringMatching(/secret-key/) } });
    expect((await cooled.client.failure(cooled.client.ask(MODEL))).status).toBe(429);
  });
});
