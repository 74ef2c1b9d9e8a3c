import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { makeConfig } from '../../../test/support/config-factories.js';
import {
  buildManagementApp,
  MANAGEMENT_HEADERS,
  withManagementSecret,
} from '../../../test/support/management-app.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function build(secret?: string) {
  const built = buildManagementApp({
    config: withManagementSecret(makeConfig([]), secret),
    extra: (scope) => {
      scope.get('/usage', async () => ({ usage: 'extra route' }));
    },
  });
  app = built.app;
  return built;
}

describe('registerManagementScope', () => {
  it('serves extra routes under the prefix, behind the same auth', async () => {
    const { app: server } = build();
    expect((await server.inject({ method: 'GET', url: '/v0/management/usage' })).statusCode).toBe(401);
    const response = await server.inject({
      method: 'GET',
      url: '/v0/management/usage',
      headers: MANAGEMENT_HEADERS,
    });
    expect(response.json()).toEqual({ usage: 'extra route' });
  });

  it('answers unknown management paths 404 only after auth, in OpenAI envelope', async () => {
    const { app: server } = build();
    const anonymous = await server.inject({ method: 'GET', url: '/v0/management/nowhere' });
    expect(anonymous.statusCode).toBe(401);
    const known = await server.inject({
      method: 'GET',
      url: '/v0/management/nowhere',
      headers: MANAGEMENT_HEADERS,
    });
    expect(known.statusCode).toBe(404);
    expect(known.json()).toMatchObject({ error: { type: 'not_found_error', param: null } });
  });

  it('is disabled (404 with the reason) when no secret is configured', async () => {
    const { app: server } = build('');
    const response = await server.inject({
      method: 'GET',
      url: '/v0/management/config',
      headers: MANAGEMENT_HEADERS,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json<{ error: { message: string } }>().error.message).toContain(
      'management API is disabled',
    );
  });

  it('follows a reloaded secret at once', async () => {
    const { app: server, context } = build();
    context.configHolder.replace(withManagementSecret(makeConfig([]), 'another-secret'));
    const old = await server.inject({
      method: 'GET',
      url: '/v0/management/config',
      headers: MANAGEMENT_HEADERS,
    });
    expect(old.statusCode).toBe(401);
    const fresh = await server.inject({
      method: 'GET',
      url: '/v0/management/config',
      headers: { 'x-management-key': 'another-secret' },
    });
    expect(fresh.statusCode).toBe(200);
  });

  it('answers 409 to config writes when the gateway has no editable file', async () => {
    const { app: server } = build();
    const response = await server.inject({
      method: 'PUT',
      url: '/v0/management/config.yaml',
      headers: MANAGEMENT_HEADERS,
      payload: 'port: 1\n',
    });
    expect(response.statusCode).toBe(409);
  });
});
