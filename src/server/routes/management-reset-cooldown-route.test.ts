import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { makeConfig, makeUpstream } from '../../../test/support/config-factories.js';
import {
  buildManagementApp,
  MANAGEMENT_HEADERS,
  withManagementSecret,
} from '../../../test/support/management-app.js';
import type { SwitchboardConfig } from '../../config/switchboard-config.js';
import {
  classifyFailure,
  DEFAULT_COOLDOWN_POLICY,
  type FailureInput,
} from '../../routing/cooldown-policy.js';
import type { CredentialHealth } from '../../routing/credential-health.js';
import { createCredential, type UpstreamCredential } from '../../routing/credential.js';

const alpha = createCredential('anthropic', { apiKey: 'sk-alpha' });
const beta = createCredential('anthropic', { apiKey: 'sk-beta' });
const gamma = createCredential('deepseek', { apiKey: 'sk-gamma' });
const anthropic = makeUpstream('anthropic', { apiKey: 'sk-alpha', credentials: [alpha, beta] });
const deepseek = makeUpstream('deepseek', { apiKey: 'sk-gamma', credentials: [gamma] });
const MODEL = 'model-x';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A bare Fastify instance with only the management scope, set up as `buildApp` sets up the gateway's. */
function build(fields: Partial<SwitchboardConfig> = {}): { app: FastifyInstance; health: CredentialHealth } {
  const built = buildManagementApp({
    config: withManagementSecret(makeConfig([anthropic, deepseek], {}, fields)),
  });
  app = built.app;
  return { app: built.app, health: built.context.health };
}

async function fail(
  health: CredentialHealth,
  credential: UpstreamCredential,
  upstreamId: string,
  input: FailureInput,
) {
  const now = Date.now();
  await health.recordFailure({
    credentialId: credential.id,
    upstreamId,
    model: MODEL,
    action: classifyFailure(input, DEFAULT_COOLDOWN_POLICY, 0, now),
    status: input.status,
    now,
  });
}

/** alpha blocked (401), beta cooling (429), gamma's model unavailable (404), deepseek cooling (500). */
async function breakEverything(health: CredentialHealth): Promise<void> {
  await fail(health, alpha, 'anthropic', { status: 401, headers: {} });
  await fail(health, beta, 'anthropic', { status: 429, headers: { 'retry-after': '60' } });
  await fail(health, gamma, 'deepseek', {
    status: 404,
    headers: {},
    body: '{"error":{"type":"not_found_error","message":"model: model-x"}}',
  });
  await fail(health, gamma, 'deepseek', { status: 500, headers: {} });
}

async function available(health: CredentialHealth, credential: UpstreamCredential, upstreamId: string) {
  return (await health.availability(credential, upstreamId, MODEL, Date.now())).available;
}

function reset(target: FastifyInstance, body?: unknown, options: Partial<InjectOptions> = {}) {
  return target.inject({
    method: 'POST',
    url: '/v0/management/reset-cooldown',
    headers: {
      ...MANAGEMENT_HEADERS,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    ...options,
  });
}

describe('POST /v0/management/reset-cooldown', () => {
  it('resets one credential', async () => {
    const { app: server, health } = build();
    await breakEverything(health);
    const response = await reset(server, { credential: alpha.id });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ cleared: 1 });
    expect(await available(health, alpha, 'anthropic')).toBe(true);
    expect(await available(health, beta, 'anthropic')).toBe(false);
  });

  it('resets one upstream: its credentials and its own cooldown', async () => {
    const { app: server, health } = build();
    await breakEverything(health);
    expect((await reset(server, { upstream: 'deepseek' })).json()).toEqual({ cleared: 2 });
    expect(await available(health, gamma, 'deepseek')).toBe(true);
    expect(await available(health, alpha, 'anthropic')).toBe(false);
    expect((await reset(server, { upstream: 'anthropic' })).json()).toEqual({ cleared: 2 });
    expect(await available(health, beta, 'anthropic')).toBe(true);
  });

  it('resets everything with no body, an empty body or {}', async () => {
    const { app: server, health } = build();
    await breakEverything(health);
    expect((await reset(server)).json()).toEqual({ cleared: 4 });
    for (const [credential, upstreamId] of [
      [alpha, 'anthropic'],
      [beta, 'anthropic'],
      [gamma, 'deepseek'],
    ] as const) {
      expect(await available(health, credential, upstreamId)).toBe(true);
    }
    expect((await reset(server, '')).json()).toEqual({ cleared: 0 });
    expect((await reset(server, {})).json()).toEqual({ cleared: 0 });
  });

  it('resets a credential only within the upstream it names', async () => {
    const { app: server, health } = build();
    await breakEverything(health);
    const response = await reset(server, { upstream: 'deepseek', credential: alpha.id });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      error: { type: 'not_found_error', message: expect.stringContaining("upstream 'deepseek'") },
    });
    expect((await reset(server, { upstream: 'anthropic', credential: beta.id })).json()).toEqual({
      cleared: 1,
    });
  });

  it.each([
    ['not JSON', '{upstream'],
    ['not an object', '["anthropic"]'],
    ['an unknown field', { upstream: 'anthropic', model: 'x' }],
    ['a wrong type', { upstream: 42 }],
    ['a malformed credential id', { credential: 'sk-alpha' }],
  ])('answers 400 for %s', async (_name, body) => {
    const { app: server } = build();
    const response = await reset(server, body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('answers 404 for an unknown upstream or credential', async () => {
    const { app: server } = build();
    const upstream = await reset(server, { upstream: 'nowhere' });
    expect(upstream.statusCode).toBe(404);
    expect(upstream.json()).toMatchObject({
      error: { type: 'not_found_error', message: expect.stringContaining('anthropic, deepseek') },
    });
    expect((await reset(server, { credential: 'cred_000000000000' })).statusCode).toBe(404);
  });

  it('is guarded by the management key, not by inbound api-keys', async () => {
    const { app: server } = build({ apiKeys: ['sb-secret'] });
    const inbound = await reset(server, undefined, { headers: { 'x-api-key': 'sb-secret' } });
    expect(inbound.statusCode).toBe(401);
    expect(inbound.json()).toMatchObject({ error: { type: 'authentication_error' } });
    expect((await reset(server)).json()).toEqual({ cleared: 0 });
  });

  it('refuses non-loopback callers unless remote management is allowed', async () => {
    const { app: server } = build();
    const response = await reset(server, undefined, { remoteAddress: '203.0.113.7' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { type: 'permission_error' } });
    expect((await reset(server, undefined, { remoteAddress: '::1' })).statusCode).toBe(200);
  });
});
