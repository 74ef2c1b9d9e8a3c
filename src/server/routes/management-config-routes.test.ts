import { readFile, stat } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MANAGEMENT_HEADERS,
  MANAGEMENT_KEY,
  startManagementFixture,
  type ManagementFixture,
} from '../../../test/support/management-app.js';

const YAML = `# Gateway under test
api-keys:
  - "inbound-key-0123456789"   # laptop
claude-api-key:
  - name: alpha
    api-key: sk-ant-alpha-0123456789abcd
    base-url: http://127.0.0.1:9/alpha
    headers: { X-Team: secret-team-token }
    proxy-url: socks5://user:pass@127.0.0.1:1080
    models: [{ name: alpha-model, alias: am }]
remote-management:
  secret-key: ${MANAGEMENT_KEY}
discover-local: false
`;

let fixture: ManagementFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function start(yaml = YAML): Promise<ManagementFixture> {
  fixture = await startManagementFixture(yaml);
  return fixture;
}

describe('GET /v0/management/config', () => {
  it('answers the compiled config with every secret masked', async () => {
    const { app } = await start();
    const response = await app.inject({
      method: 'GET',
      url: '/v0/management/config',
      headers: MANAGEMENT_HEADERS,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      apiKeys: ['inbo…6789'],
      remoteManagement: { allowRemote: false, secretKey: '****' },
      upstreams: [
        {
          id: 'alpha',
          format: 'anthropic',
          baseUrl: 'http://127.0.0.1:9/alpha',
          apiKey: 'sk-a…abcd',
          headers: { 'X-Team': 'secr…oken' },
          proxyUrl: 'socks5://****@127.0.0.1:1080',
          models: [{ name: 'alpha-model', alias: 'am' }],
          credentials: [{ id: expect.stringMatching(/^cred_/), apiKey: 'sk-a…abcd', weight: 1, priority: 0 }],
        },
      ],
    });
    const text = response.body;
    for (const secret of [
      'inbound-key-0123456789',
      'sk-ant-alpha-0123456789abcd',
      'secret-team-token',
      'user:pass',
      MANAGEMENT_KEY,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('needs the management key', async () => {
    const { app } = await start();
    const response = await app.inject({ method: 'GET', url: '/v0/management/config' });
    expect(response.statusCode).toBe(401);
  });
});

describe('/v0/management/config.yaml', () => {
  it('GET answers the file verbatim as application/yaml', async () => {
    const { app, file } = await start();
    const response = await app.inject({
      method: 'GET',
      url: '/v0/management/config.yaml',
      headers: MANAGEMENT_HEADERS,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/yaml/);
    expect(response.body).toBe(await readFile(file, 'utf8'));
  });

  it('PUT with a valid file writes it (0600) and serves it at once', async () => {
    const { app, file, holder } = await start();
    const next = YAML.replace('name: alpha', 'name: beta');
    const response = await app.inject({
      method: 'PUT',
      url: '/v0/management/config.yaml',
      headers: { ...MANAGEMENT_HEADERS, 'content-type': 'application/yaml' },
      payload: next,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, warnings: [] });
    expect(holder.current.upstreams.map((upstream) => upstream.id)).toEqual(['beta']);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toContain('name: beta');
  });

  it('PUT with a broken file answers 400 with the issues and changes nothing', async () => {
    const { app, file, holder } = await start();
    const before = holder.current;
    const original = await readFile(file, 'utf8');
    const response = await app.inject({
      method: 'PUT',
      url: '/v0/management/config.yaml',
      headers: MANAGEMENT_HEADERS,
      payload: `${YAML}port: eighty\nrequest-retry: -1\n`,
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{
      error: { type: string; message: string; issues: { path: string; line?: number }[] };
    }>();
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('Nothing was changed');
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['port', 'request-retry']);
    expect(body.error.issues[0]?.line).toBe(14);
    expect(holder.current).toBe(before);
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('PUT refuses an empty body', async () => {
    const { app } = await start();
    const response = await app.inject({
      method: 'PUT',
      url: '/v0/management/config.yaml',
      headers: MANAGEMENT_HEADERS,
    });
    expect(response.statusCode).toBe(400);
  });
});
