import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { hashManagementSecret } from '../../config/management-secret.js';
import type { RemoteManagementConfig } from '../../config/switchboard-config.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { openAIChatProtocol } from '../../protocols/openai-chat/openai-chat-protocol.js';
import { createLogger } from '../../observability/logger.js';
import { createErrorHandler } from '../handle-error.js';
import {
  createManagementAuthenticator,
  isLoopbackAddress,
  MANAGEMENT_AUTH_LIMITS,
  presentedKey,
  type ManagementAuthOptions,
} from './authenticate-management.js';

const SECRET = 'the-management-secret';
const REMOTE = '203.0.113.7';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A Fastify app whose one route is guarded by the check, errors in OpenAI's envelope. */
function build(settings: RemoteManagementConfig, options: ManagementAuthOptions = {}): FastifyInstance {
  const authenticate = createManagementAuthenticator(() => settings, options);
  app = Fastify();
  app.setErrorHandler(
    createErrorHandler(
      createLogger({ level: 'silent' }),
      () => 1024,
      (error, requestId) => openAIChatProtocol.encodeError(error, requestId),
    ),
  );
  app.addHook('onRequest', async (request) => {
    await authenticate({ headers: request.headers, remoteAddress: request.socket.remoteAddress });
  });
  app.get('/probe', async () => ({ ok: true }));
  return app;
}

const settings = (fields: Partial<RemoteManagementConfig> = {}): RemoteManagementConfig => ({
  allowRemote: false,
  disableControlPanel: false,
  secretKey: SECRET,
  ...fields,
});

function call(target: FastifyInstance, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') {
  return target.inject({ method: 'GET', url: '/probe', headers, remoteAddress });
}

describe('management authentication', () => {
  it('accepts the key as Bearer or X-Management-Key, against a plain or a hashed secret', async () => {
    const plain = build(settings());
    expect((await call(plain, { authorization: `Bearer ${SECRET}` })).statusCode).toBe(200);
    expect((await call(plain, { 'x-management-key': SECRET })).statusCode).toBe(200);
    await plain.close();
    const hashed = build(settings({ secretKey: await hashManagementSecret(SECRET) }));
    expect((await call(hashed, { authorization: `bearer ${SECRET}` })).statusCode).toBe(200);
    expect((await call(hashed, { 'x-management-key': 'wrong' })).statusCode).toBe(401);
  });

  it('answers 404 to everyone while no secret is set', async () => {
    const target = build(settings({ secretKey: undefined }));
    const response = await call(target, { authorization: `Bearer ${SECRET}` }, REMOTE);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      error: {
        type: 'not_found_error',
        message: expect.stringContaining('set remote-management.secret-key'),
      },
    });
  });

  it('refuses remote callers with 403 unless allow-remote is true', async () => {
    const local = build(settings());
    const refused = await call(local, { authorization: `Bearer ${SECRET}` }, REMOTE);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { type: 'permission_error' } });
    await local.close();
    const open = build(settings({ allowRemote: true }));
    expect((await call(open, { authorization: `Bearer ${SECRET}` }, REMOTE)).statusCode).toBe(200);
  });

  it('answers 401 to a missing or wrong key', async () => {
    const target = build(settings());
    const missing = await call(target);
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({
      error: { type: 'authentication_error', message: expect.stringContaining('Missing management key') },
    });
    const wrong = await call(target, { authorization: 'Bearer nope' });
    expect(wrong.json()).toMatchObject({ error: { message: 'Invalid management key.' } });
    expect(JSON.stringify(wrong.json())).not.toContain(SECRET);
  });

  it('bans an address after 5 failures in the window, with Retry-After, until the ban ends', async () => {
    let now = 1_000_000;
    const target = build(settings({ allowRemote: true }), { now: () => now });
    const wrong = { authorization: 'Bearer wrong' };
    const right = { authorization: `Bearer ${SECRET}` };
    for (let attempt = 0; attempt < MANAGEMENT_AUTH_LIMITS.maxFailures; attempt++) {
      expect((await call(target, wrong, REMOTE)).statusCode).toBe(401);
    }
    const banned = await call(target, right, REMOTE);
    expect(banned.statusCode).toBe(429);
    expect(banned.headers['retry-after']).toBe(String(MANAGEMENT_AUTH_LIMITS.banMs / 1000));
    expect(banned.json()).toMatchObject({ error: { type: 'rate_limit_error' } });
    expect((await call(target, right, '198.51.100.1')).statusCode).toBe(200);
    now += MANAGEMENT_AUTH_LIMITS.banMs - 10_000;
    expect((await call(target, right, REMOTE)).headers['retry-after']).toBe('10');
    now += 10_000;
    expect((await call(target, right, REMOTE)).statusCode).toBe(200);
  });

  it('forgets failures older than the window, and a success clears only its own address', async () => {
    let now = 0;
    const target = build(settings({ allowRemote: true }), { now: () => now });
    const wrong = { authorization: 'Bearer wrong' };
    for (let attempt = 0; attempt < 4; attempt++) await call(target, wrong, REMOTE);
    for (let attempt = 0; attempt < 4; attempt++) await call(target, wrong, '198.51.100.1');
    expect((await call(target, { authorization: `Bearer ${SECRET}` }, REMOTE)).statusCode).toBe(200);
    await call(target, wrong, REMOTE);
    expect((await call(target, wrong, '198.51.100.1')).statusCode).toBe(401);
    expect((await call(target, wrong, '198.51.100.1')).statusCode).toBe(429);
    for (let attempt = 0; attempt < 3; attempt++) await call(target, wrong, REMOTE);
    now += MANAGEMENT_AUTH_LIMITS.windowMs + 1;
    expect((await call(target, wrong, REMOTE)).statusCode).toBe(401);
    expect((await call(target, { authorization: `Bearer ${SECRET}` }, REMOTE)).statusCode).toBe(200);
  });

  it('throws GatewayErrors', async () => {
    const authenticate = createManagementAuthenticator(() => settings());
    await expect(authenticate({ headers: {}, remoteAddress: '::1' })).rejects.toBeInstanceOf(GatewayError);
  });
});

describe('presentedKey', () => {
  it.each([
    [{ authorization: 'Bearer abc' }, 'abc'],
    [{ authorization: 'bearer   abc  ' }, 'abc'],
    [{ authorization: 'Basic abc' }, undefined],
    [{ 'x-management-key': ' key ' }, 'key'],
    [{ 'x-management-key': 'key', authorization: 'Bearer other' }, 'key'],
    [{}, undefined],
  ])('%j → %s', (headers, expected) => {
    expect(presentedKey(headers)).toBe(expected);
  });
});

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['10.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['fe80::1', false],
    ['localhost', false],
    [undefined, false],
  ])('%s → %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});
