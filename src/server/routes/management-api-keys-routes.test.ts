import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MANAGEMENT_HEADERS,
  MANAGEMENT_KEY,
  startManagementFixture,
  type ManagementFixture,
} from '../../../test/support/management-app.js';

const YAML = `# Inbound keys
api-keys:
  - "key-one"   # laptop
  - key-two # CI
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

function send(
  target: ManagementFixture,
  method: 'GET' | 'PUT' | 'PATCH' | 'DELETE',
  body?: unknown,
  query = '',
) {
  return target.app.inject({
    method,
    url: `/v0/management/api-keys${query}`,
    headers: { ...MANAGEMENT_HEADERS, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

describe('/v0/management/api-keys', () => {
  it('GET lists the running keys', async () => {
    const target = await start();
    const response = await send(target, 'GET');
    expect(response.json()).toEqual({ 'api-keys': ['key-one', 'key-two'] });
  });

  it('PUT replaces the list, keeping the file comments, and serves it at once', async () => {
    const target = await start();
    const response = await send(target, 'PUT', ['key-three', 'key-four']);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, warnings: [], 'api-keys': ['key-three', 'key-four'] });
    expect(target.holder.current.apiKeys).toEqual(['key-three', 'key-four']);
    const text = await readFile(target.file, 'utf8');
    expect(text.startsWith('# Inbound keys\napi-keys:\n  - key-three\n  - key-four\n')).toBe(true);
    expect((await send(target, 'PUT', { items: ['key-five'] })).json()).toMatchObject({
      'api-keys': ['key-five'],
    });
  });

  it('PATCH replaces by index or by value, appending an unknown old value (CLIProxyAPI)', async () => {
    const target = await start();
    expect((await send(target, 'PATCH', { index: 1, value: 'key-2b' })).json()).toMatchObject({
      'api-keys': ['key-one', 'key-2b'],
    });
    expect((await send(target, 'PATCH', { old: 'key-one', new: 'key-1b' })).json()).toMatchObject({
      'api-keys': ['key-1b', 'key-2b'],
    });
    expect((await send(target, 'PATCH', { old: 'absent', new: 'key-3' })).json()).toMatchObject({
      'api-keys': ['key-1b', 'key-2b', 'key-3'],
    });
    const text = await readFile(target.file, 'utf8');
    expect(text).toContain('- "key-1b" # laptop');
    expect(text).toContain('- key-2b # CI');
    expect((await send(target, 'PATCH', { index: 9, value: 'x' })).statusCode).toBe(400);
  });

  it('DELETE removes by index or value; 404 when nothing matches', async () => {
    const target = await start();
    expect((await send(target, 'DELETE', undefined, '?value=key-one')).json()).toMatchObject({
      'api-keys': ['key-two'],
    });
    expect((await send(target, 'DELETE', undefined, '?index=5')).statusCode).toBe(404);
    expect((await send(target, 'DELETE', undefined, '?index=0')).json()).toMatchObject({ 'api-keys': [] });
    expect((await send(target, 'DELETE', undefined, '')).statusCode).toBe(400);
  });

  it('creates the list when the file has none', async () => {
    const target = await start(
      `remote-management:\n  secret-key: ${MANAGEMENT_KEY}\ndiscover-local: false\n`,
    );
    expect((await send(target, 'PATCH', { old: '', new: 'first' })).json()).toMatchObject({
      'api-keys': ['first'],
    });
  });

  it('refuses a change the config would not load with, leaving the file and keys as they were', async () => {
    const target = await start(`host: 0.0.0.0\n${YAML}`);
    const before = await readFile(target.file, 'utf8');
    const response = await send(target, 'PUT', []);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { issues: [expect.objectContaining({ path: 'host' })] } });
    expect(await readFile(target.file, 'utf8')).toBe(before);
    expect(target.holder.current.apiKeys).toEqual(['key-one', 'key-two']);
  });

  it('answers 400 with the issue when the file on disk is not YAML now', async () => {
    const target = await start();
    await writeFile(target.file, 'api-keys: [unclosed\n');
    const response = await send(target, 'DELETE', undefined, '?index=0');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { issues: [expect.objectContaining({ path: '' })] } });
  });

  it.each([
    ['not JSON', 'PUT', '[key'],
    ['not a list', 'PUT', { keys: [] }],
    ['an empty key', 'PUT', ['']],
    ['a bad patch', 'PATCH', { index: 'one', value: 'x' }],
  ] as const)('answers 400 for %s', async (_name, method, body) => {
    const target = await start();
    const response = await send(target, method, body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});
