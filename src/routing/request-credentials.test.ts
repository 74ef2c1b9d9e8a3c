// RequestCredentials: one request's credential picks and failure bookkeeping over a real
// CredentialHealth on a MemoryStateStore, with one injected clock for the store and the requests.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeUpstream } from '../../test/support/config-factories.js';
import type { UpstreamConfig } from '../config/switchboard-config.js';
import { CredentialsUnavailableError } from '../errors/credentials-unavailable-error.js';
import { GatewayError } from '../errors/gateway-error.js';
import { MemoryStateStore } from '../store/memory/memory-state-store.js';
import type { FailureInput } from './cooldown-policy.js';
import { CredentialHealth } from './credential-health.js';
import { createCredential, type UpstreamCredential } from './credential.js';
import type { PoolStrategy } from './credential-pool.js';
import { RequestCredentials, withCredential } from './request-credentials.js';
import type { RouteTarget } from './route-table.js';

const MODEL = 'claude-sonnet-4-5';
const START = Date.parse('2025-08-21T12:00:00Z');
/** Key text that must never appear in an error shown to a client. */
const SECRET = 'SECRET-KEY-TEXT';

let time = START;
let health: CredentialHealth;

beforeEach(() => {
  time = START;
  health = new CredentialHealth(new MemoryStateStore({ now: () => time }));
});

/** An upstream `id` whose pool holds one credential per name (keys `sk-<SECRET>-<id>-<name>`). */
function pooledUpstream(id: string, names: readonly string[]): UpstreamConfig {
  return makeUpstream(id, {
    credentials: names.map((name) => createCredential(id, { apiKey: `sk-${SECRET}-${id}-${name}` })),
  });
}

function target(upstream: UpstreamConfig, model = MODEL): RouteTarget {
  return { route: { upstream, isExcluded: () => false }, model };
}

function requestCredentials(
  candidates: readonly RouteTarget[],
  strategy: PoolStrategy = 'fill-first',
): RequestCredentials {
  return new RequestCredentials({
    health,
    strategy,
    requestedModel: MODEL,
    candidates,
    now: () => time,
  });
}

/** A failed attempt answered with `status` (and these lower-case headers). */
function answered(status: number, headers: Record<string, string> = {}): FailureInput {
  return { status, headers };
}

/** The credential `pick` returns; fails the test when there is none. */
async function pickSome(request: RequestCredentials, at: RouteTarget): Promise<UpstreamCredential> {
  const credential = await request.pick(at);
  if (credential === undefined) throw new Error('pick returned no credential');
  return credential;
}

/** What `promise` rejects with; fails the test when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

async function unavailableError(promise: Promise<unknown>): Promise<CredentialsUnavailableError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(CredentialsUnavailableError);
  return error as CredentialsUnavailableError;
}

describe('RequestCredentials.pick', () => {
  it('returns undefined for a keyless upstream', async () => {
    const keyless = target(makeUpstream('local'));
    expect(keyless.route.upstream.credentials).toHaveLength(0);
    const request = requestCredentials([keyless]);
    await expect(request.pick(keyless)).resolves.toBeUndefined();
  });

  it('rotates past 401s, then answers 503 auth_unavailable without key text', async () => {
    const upstream = pooledUpstream('a', ['one', 'two', 'three']);
    const at = target(upstream);
    const request = requestCredentials([at]);

    const first = await pickSome(request, at);
    await request.failed(at, first, answered(401));
    expect(await health.availability(first, 'a', MODEL, time)).toMatchObject({
      available: false,
      kind: 'blocked',
    });
    expect(request.rotatesCredential(at)).toBe(true);

    time += 1000;
    const second = await pickSome(request, at);
    expect(second.id).not.toBe(first.id);
    await request.failed(at, second, answered(401));
    expect(request.rotatesCredential(at)).toBe(true);

    time += 1000;
    const third = await pickSome(request, at);
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
    await request.failed(at, third, answered(401));
    expect(request.rotatesCredential(at)).toBe(false);

    const error = await unavailableError(request.pick(at));
    expect(error.status).toBe(503);
    expect(error.wireCode).toBe('auth_unavailable');
    expect(error.details).toMatchObject({ blocked: 3, cooling: 0, upstream_cooling: 0 });
    // Newest first: the third failure happened last.
    expect(error.details?.recent_statuses).toEqual([
      { upstream: 'a', credential: third.id, status: 401 },
      { upstream: 'a', credential: second.id, status: 401 },
      { upstream: 'a', credential: first.id, status: 401 },
    ]);
    const shown = `${error.message}\n${JSON.stringify(error.details)}`;
    expect(shown).not.toContain(SECRET);
    for (const credential of upstream.credentials) expect(shown).not.toContain(credential.apiKey);
  });

  it('skips a credential this request saw fail even after its cooldown ended', async () => {
    const at = target(pooledUpstream('a', ['one', 'two']));
    const request = requestCredentials([at]);
    const first = await pickSome(request, at);
    await request.failed(at, first, answered(429, { 'retry-after': '1' }));

    time += 2000;
    expect(await health.availability(first, 'a', MODEL, time)).toEqual({ available: true });
    expect((await pickSome(request, at)).id).not.toBe(first.id);
    // Another request is free to use it again (fill-first: the first in config order).
    expect((await pickSome(requestCredentials([at]), at)).id).toBe(first.id);
  });

  it('answers 429 model_cooldown with the retry hint when every credential is rate limited', async () => {
    const at = target(pooledUpstream('a', ['one', 'two', 'three']));
    const request = requestCredentials([at], 'round-robin');
    const seen = new Set<string>();
    for (let index = 0; index < 3; index += 1) {
      const credential = await pickSome(request, at);
      seen.add(credential.id);
      await request.failed(at, credential, answered(429, { 'retry-after': '30' }));
    }
    expect(seen.size).toBe(3);
    expect(request.rotatesCredential(at)).toBe(false);

    const error = await unavailableError(request.pick(at));
    expect(error.status).toBe(429);
    expect(error.wireCode).toBe('model_cooldown');
    expect(error.retryAfterSeconds).toBe(30);
    expect(error.details).toMatchObject({ cooling: 3, blocked: 0, reset_seconds: 30 });
  });

  it('throws a retryable skip, not CredentialsUnavailableError, while another candidate has a credential', async () => {
    const first = target(pooledUpstream('a', ['one']));
    const second = target(pooledUpstream('b', ['one']));
    const request = requestCredentials([first, second]);

    const credential = await pickSome(request, first);
    await request.failed(first, credential, answered(401));

    const skip = await rejectionOf(request.pick(first));
    expect(skip).toBeInstanceOf(GatewayError);
    expect(skip).not.toBeInstanceOf(CredentialsUnavailableError);
    expect(skip).toMatchObject({ retryable: true, status: 503 });

    const other = await pickSome(request, second);
    expect(second.route.upstream.credentials.map((c) => c.id)).toContain(other.id);

    // Once the second has none left either, the request as a whole is out of credentials.
    await request.failed(second, other, answered(401));
    const error = await unavailableError(request.pick(second));
    expect(error.status).toBe(503);
    expect(error.details).toMatchObject({ blocked: 2 });
  });
});

describe('RequestCredentials model-scoped failures', () => {
  // Regression test: `tried` and `unavailable` are per (upstream, model), so a model-scoped
  // failure on model x leaves the credential available for model y of the same upstream.
  it('still offers a credential for another model of the same upstream after a model-scoped failure', async () => {
    const upstream = pooledUpstream('a', ['one']);
    const primary = target(upstream, 'model-x');
    const fallback = target(upstream, 'model-y');
    const request = requestCredentials([primary, fallback]);

    const credential = await pickSome(request, primary);
    await request.failed(primary, credential, {
      status: 404,
      headers: {},
      body: '{"type":"error","error":{"type":"not_found_error","message":"model: model-x"}}',
    });
    expect(await health.availability(credential, 'a', 'model-x', time)).toMatchObject({
      available: false,
      kind: 'model-unavailable',
    });
    expect(await health.availability(credential, 'a', 'model-y', time)).toEqual({ available: true });

    expect((await pickSome(request, fallback)).id).toBe(credential.id);
  });
});

describe('RequestCredentials upstream-wide failures', () => {
  it('records a 500 only at finish(false): other requests can pick until then', async () => {
    const at = target(pooledUpstream('a', ['one', 'two']));
    const request = requestCredentials([at]);
    const credential = await pickSome(request, at);
    await request.failed(at, credential, answered(500));
    expect(request.rotatesCredential(at)).toBe(false);

    const before = requestCredentials([at]);
    await expect(before.pick(at)).resolves.toBeDefined();
    expect((await health.snapshot(time)).upstreams).toEqual([]);

    await request.finish(undefined);

    const snapshot = await health.snapshot(time);
    expect(snapshot.upstreams.map((upstream) => upstream.upstreamId)).toEqual(['a']);
    const after = requestCredentials([at]);
    const error = await unavailableError(after.pick(at));
    expect(error.status).toBe(503);
    expect(error.wireCode).toBe('auth_unavailable');
    expect(error.details).toMatchObject({ upstream_cooling: 2, blocked: 0, cooling: 0 });
  });

  it('records nothing when the same upstream answered in the end', async () => {
    const at = target(pooledUpstream('a', ['one', 'two']));
    const request = requestCredentials([at]);
    const credential = await pickSome(request, at);
    await request.failed(at, credential, answered(500));
    await request.finish('a');

    expect(await health.snapshot(time)).toEqual({ credentials: [], upstreams: [] });
    const later = requestCredentials([at]);
    await expect(later.pick(at)).resolves.toBeDefined();
  });

  it('cools the failed upstream when another upstream (a fallback) answered', async () => {
    const at = target(pooledUpstream('a', ['one']));
    const bt = target(pooledUpstream('b', ['two']));
    const request = requestCredentials([at]);
    const credential = await pickSome(request, at);
    await request.failed(at, credential, answered(500));
    request.startStage([bt]);
    await pickSome(request, bt);
    await request.finish('b');

    const snapshot = await health.snapshot(time);
    expect(snapshot.upstreams.map((upstream) => upstream.upstreamId)).toEqual(['a']);
  });
});

describe('RequestCredentials stages', () => {
  it('judges "every candidate unavailable" per stage', async () => {
    const at = target(pooledUpstream('a', ['one']));
    const bt = target(pooledUpstream('b', ['two']));
    const ct = target(pooledUpstream('c', ['three']));
    const request = requestCredentials([at]);
    const credential = await pickSome(request, at);
    await request.failed(at, credential, answered(401));
    await expect(request.pick(at)).rejects.toMatchObject({ wireCode: 'auth_unavailable' });
    request.startStage([bt, ct]);
    await request.failed(bt, await pickSome(request, bt), answered(401));
    // b has no credential left, but c has: a retryable skip, not the final 503.
    const skip = await request.pick(bt).catch((error: unknown) => error);
    expect(skip).toMatchObject({ retryable: true });
    expect(skip).not.toMatchObject({ wireCode: 'auth_unavailable' });
    await expect(pickSome(request, ct)).resolves.toBeDefined();
  });
});

describe('RequestCredentials client errors', () => {
  it('does not record a 400 at all', async () => {
    const at = target(pooledUpstream('a', ['one', 'two', 'three']));
    const request = requestCredentials([at]);
    const credential = await pickSome(request, at);
    await request.failed(at, credential, answered(400));

    expect(request.rotatesCredential(at)).toBe(false);
    expect(await health.snapshot(time)).toEqual({ credentials: [], upstreams: [] });
    expect(await health.availability(credential, 'a', MODEL, time)).toEqual({ available: true });
    // Not excluded either: fill-first picks the same credential again.
    expect((await pickSome(request, at)).id).toBe(credential.id);

    await request.finish(undefined);
    expect(await health.snapshot(time)).toEqual({ credentials: [], upstreams: [] });
  });
});

describe('withCredential', () => {
  it('applies the key and the proxy of the credential', () => {
    const upstream = makeUpstream('a', { proxyUrl: 'http://upstream-proxy:3128' });
    const credential = createCredential('a', {
      apiKey: 'sk-chosen',
      proxyUrl: 'socks5://credential-proxy:1080',
    });
    const applied = withCredential(upstream, credential);
    expect(applied.apiKey).toBe('sk-chosen');
    expect(applied.proxyUrl).toBe('socks5://credential-proxy:1080');
    expect(applied.id).toBe('a');
    expect(applied.baseUrl).toBe(upstream.baseUrl);
    // The compiled upstream itself is left as it was.
    expect(upstream.apiKey).toBe('');
    expect(upstream.proxyUrl).toBe('http://upstream-proxy:3128');
  });

  it("keeps the upstream's proxy when the credential has none", () => {
    const upstream = makeUpstream('a', { proxyUrl: 'http://upstream-proxy:3128' });
    const applied = withCredential(upstream, createCredential('a', { apiKey: 'sk-chosen' }));
    expect(applied.apiKey).toBe('sk-chosen');
    expect(applied.proxyUrl).toBe('http://upstream-proxy:3128');
  });

  it('leaves a keyless upstream unchanged', () => {
    const upstream = makeUpstream('local');
    expect(withCredential(upstream, undefined)).toBe(upstream);
  });
});
