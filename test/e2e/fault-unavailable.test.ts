// Fault scenarios, part 3: no credential left. Every key cooling down after 429s → 429 `model_cooldown` with
// Retry-After; every key blocked after 401s → 503 `auth_unavailable` with Retry-After, the blocked counts and
// the recent upstream statuses (seed 001's answers), in the client's own envelope. Each runs through both
// official SDKs and checks what the client saw, what reached the upstream, and the usage records.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultBench, type FaultBench } from '../support/fault-bench.js';
import { FAULT_ROWS, type FaultClient, type SeenError } from '../support/fault-clients.js';
import {
  FAULT_MODEL,
  FAULT_UPSTREAM_ID,
  poolKeys,
  startFaultUpstream,
  type FaultUpstream,
} from '../support/fault-upstreams.js';

/** The counts of seed 001's error object (README "Credential pools and cooldowns"). */
interface UnavailableCounts {
  readonly cooling: number;
  readonly blocked: number;
  readonly model_unavailable: number;
  readonly upstream_cooling: number;
}

/**
 * Asserts a gateway "no credential left" answer as the client saw it: the SDK's error class and status, a
 * `Retry-After` header, and the client's own envelope — Anthropic `{type:'error', error:{type, message, code,
 * …}, request_id}`, OpenAI `{error:{message, type, param, code, …}}` — carrying seed 001's fields.
 * @returns the error object inside the envelope
 */
function expectUnavailableAnswer(
  client: FaultClient,
  seen: SeenError,
  expected: { status: 429 | 503; code: 'model_cooldown' | 'auth_unavailable'; counts: UnavailableCounts },
): Record<string, unknown> {
  expect(seen.thrown).toBeInstanceOf(client.errorClassFor(expected.status));
  expect(seen.status).toBe(expected.status);
  expect(Number(seen.retryAfter)).toBeGreaterThanOrEqual(1);
  const body = seen.body as Record<string, unknown>;
  const error = body['error'] as Record<string, unknown>;
  if (client.kind === 'anthropic') {
    expect(body).toMatchObject({ type: 'error', request_id: expect.any(String) });
    // The SDK's own view is the same body.
    expect((seen.thrown as { error?: unknown }).error).toEqual(body);
  } else {
    expect(Object.keys(body)).toEqual(['error']);
    expect(error).toMatchObject({ param: null });
    // openai-node keeps the inner error object as `error` and its `code` as `code`.
    expect((seen.thrown as { error?: unknown }).error).toEqual(error);
    expect((seen.thrown as { code?: unknown }).code).toBe(expected.code);
  }
  expect(error).toMatchObject({
    type: client.errorTypeFor(expected.status),
    message: expect.any(String),
    code: expected.code,
    model: FAULT_MODEL,
    reset_seconds: Number(seen.retryAfter),
    ...expected.counts,
  });
  return error;
}

/** The `recent_statuses` of an error object, checked to name credentials by id only, as [credential, status]. */
function recentStatuses(error: Record<string, unknown>, keys: readonly string[]): [string, number][] {
  const entries = error['recent_statuses'] as { upstream: string; credential: string; status: number }[];
  expect(JSON.stringify(entries)).not.toMatch(new RegExp(keys.join('|')));
  for (const entry of entries)
    expect(entry).toMatchObject({ upstream: FAULT_UPSTREAM_ID, credential: /^cred_/ });
  return entries.map((entry) => [entry.credential, entry.status]);
}

describe.each(FAULT_ROWS)('fault unavailable: $name', (row) => {
  let upstream: FaultUpstream;
  let bench: FaultBench | undefined;

  beforeAll(async () => {
    upstream = await startFaultUpstream(row.upstream);
  });
  afterEach(async () => {
    await bench?.close();
    bench = undefined;
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('every key cooling down → 429 model_cooldown with Retry-After, without calling the upstream', async () => {
    bench = await startFaultBench(row, upstream, { keys: poolKeys('cool', 3) });
    const { client, keys } = bench;
    for (let index = 0; index < 3; index += 1)
      upstream.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '40' } });

    // The request that meets the three 429s gets the last one (its Retry-After is beyond max-retry-interval).
    const first = await client.failure(client.ask());
    expect(first.thrown).toBeInstanceOf(client.errorClassFor(429));
    expect(first.retryAfter).toBe('40');
    expect([...upstream.keys()].sort()).toEqual([...keys].sort());

    // The next one finds every key cooling down: the gateway answers itself.
    const second = await client.failure(client.ask());
    const error = expectUnavailableAnswer(client, second, {
      status: 429,
      code: 'model_cooldown',
      counts: { cooling: 3, blocked: 0, model_unavailable: 0, upstream_cooling: 0 },
    });
    expect(Number(second.retryAfter)).toBeGreaterThanOrEqual(38);
    expect(Number(second.retryAfter)).toBeLessThanOrEqual(40);
    const statuses = recentStatuses(error, keys);
    expect(statuses.map(([, status]) => status)).toEqual([429, 429, 429]);
    expect(statuses.map(([credential]) => credential).sort()).toEqual(
      [0, 1, 2].map((index) => bench?.credentialId(index)).sort(),
    );
    expect(upstream.requests).toHaveLength(3);

    await bench.expectUsage([
      { outcome: 'rejected', status: 429, attempts: 3 },
      { outcome: 'rejected', status: 429, attempts: 0, errorCode: 'model_cooldown' },
    ]);
  });

  it('every key blocked (401 on all) → 503 auth_unavailable with blocked counts and recent statuses', async () => {
    bench = await startFaultBench(row, upstream, { keys: poolKeys('blocked', 3) });
    const { client, keys } = bench;
    for (let index = 0; index < 3; index += 1) upstream.enqueue({ kind: 'status', status: 401 });

    // The request that meets the three 401s already gets the pool's answer, with the upstream's
    // words: never a bare 401, which a client would take for its own key being wrong.
    const first = await client.failure(client.ask());
    const firstError = expectUnavailableAnswer(client, first, {
      status: 503,
      code: 'auth_unavailable',
      counts: { cooling: 0, blocked: 3, model_unavailable: 0, upstream_cooling: 0 },
    });
    expect(JSON.stringify(firstError)).toContain('Last upstream answer');
    expect([...upstream.keys()].sort()).toEqual([...keys].sort());

    const second = await client.failure(client.ask());
    const error = expectUnavailableAnswer(client, second, {
      status: 503,
      code: 'auth_unavailable',
      counts: { cooling: 0, blocked: 3, model_unavailable: 0, upstream_cooling: 0 },
    });
    expect(recentStatuses(error, keys).map(([, status]) => status)).toEqual([401, 401, 401]);
    expect(upstream.requests).toHaveLength(3);

    // Streaming requests get the same answer before any byte.
    const streamed = await client.failure(client.stream());
    expectUnavailableAnswer(client, streamed, {
      status: 503,
      code: 'auth_unavailable',
      counts: { cooling: 0, blocked: 3, model_unavailable: 0, upstream_cooling: 0 },
    });
    expect(upstream.requests).toHaveLength(3);

    await bench.expectUsage([
      { outcome: 'rejected', status: 503, attempts: 3, errorCode: 'auth_unavailable' },
      { outcome: 'rejected', status: 503, attempts: 0, errorCode: 'auth_unavailable', stream: false },
      { outcome: 'rejected', status: 503, attempts: 0, errorCode: 'auth_unavailable', stream: true },
    ]);
  });
});
