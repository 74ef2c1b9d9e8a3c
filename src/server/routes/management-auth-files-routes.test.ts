import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MANAGEMENT_HEADERS,
  MANAGEMENT_KEY,
  startManagementFixture,
  type ManagementFixture,
} from '../../../test/support/management-app.js';

let fixture: ManagementFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function start(extra = ''): Promise<ManagementFixture> {
  fixture = await startManagementFixture(
    `remote-management:\n  secret-key: ${MANAGEMENT_KEY}\ndiscover-local: false\n${extra}`,
  );
  return fixture;
}

function call(target: ManagementFixture, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: string) {
  return target.app.inject({
    method,
    url: `/v0/management${url}`,
    headers: {
      ...MANAGEMENT_HEADERS,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(payload === undefined ? {} : { payload }),
  });
}

describe('/v0/management/auth-files', () => {
  it('uploads (0600 in a 0700 folder), lists, downloads and deletes', async () => {
    const target = await start();
    expect((await call(target, 'GET', '/auth-files')).json()).toEqual({ files: [] });
    const content = '{"type":"claude","token":"x"}';
    const upload = await call(target, 'POST', '/auth-files?name=claude-me.json', content);
    expect(upload.statusCode).toBe(200);
    expect(upload.json()).toEqual({ ok: true, name: 'claude-me.json', size: content.length });
    const folder = path.join(target.home, 'auth');
    expect((await stat(path.join(folder, 'claude-me.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);

    const listed = (await call(target, 'GET', '/auth-files')).json<{ files: Record<string, unknown>[] }>();
    expect(listed.files).toEqual([
      { name: 'claude-me.json', size: content.length, modified: expect.any(String) },
    ]);
    const download = await call(target, 'GET', '/auth-files/download?name=claude-me.json');
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toMatch(/^application\/json/);
    expect(download.headers['content-disposition']).toBe('attachment; filename="claude-me.json"');
    expect(download.body).toBe(content);

    expect((await call(target, 'DELETE', '/auth-files?name=claude-me.json')).json()).toEqual({
      ok: true,
      name: 'claude-me.json',
    });
    expect((await call(target, 'DELETE', '/auth-files?name=claude-me.json')).statusCode).toBe(404);
    expect((await call(target, 'GET', '/auth-files/download?name=claude-me.json')).statusCode).toBe(404);
  });

  it('uses auth-dir when configured', async () => {
    const folder = path.join(await mkdtemp(path.join(tmpdir(), 'switchboard-auth-dir-')), 'nested');
    const target = await start(`auth-dir: ${folder}\n`);
    expect((await call(target, 'POST', '/auth-files?name=a.json', '{}')).statusCode).toBe(200);
    expect(await readFile(path.join(folder, 'a.json'), 'utf8')).toBe('{}');
    await rm(path.dirname(folder), { recursive: true, force: true });
  });

  it.each(['../evil.json', 'a/b.json', 'x.txt', '.json', '', 'a%00.json'])(
    'refuses the name %j',
    async (name) => {
      const target = await start();
      const response = await call(target, 'POST', `/auth-files?name=${encodeURIComponent(name)}`, '{}');
      expect(response.statusCode).toBe(400);
      expect(
        (await call(target, 'GET', `/auth-files/download?name=${encodeURIComponent(name)}`)).statusCode,
      ).toBe(400);
    },
  );

  it('refuses a body that is not JSON, writing nothing', async () => {
    const target = await start();
    expect((await call(target, 'POST', '/auth-files?name=a.json', '{oops')).statusCode).toBe(400);
    expect((await call(target, 'GET', '/auth-files')).json()).toEqual({ files: [] });
  });

  it('never serves a symlink', async () => {
    const target = await start();
    const folder = path.join(target.home, 'auth');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(target.home, 'secret.json'), '{"secret":true}');
    await symlink(path.join(target.home, 'secret.json'), path.join(folder, 'link.json'));
    expect((await call(target, 'GET', '/auth-files')).json()).toEqual({ files: [] });
    expect((await call(target, 'GET', '/auth-files/download?name=link.json')).statusCode).toBe(404);
    expect((await call(target, 'POST', '/auth-files?name=link.json', '{"replaced":true}')).statusCode).toBe(
      200,
    );
    expect(await readFile(path.join(target.home, 'secret.json'), 'utf8')).toBe('{"secret":true}');
  });

  it('needs the management key', async () => {
    const target = await start();
    const response = await target.app.inject({ method: 'GET', url: '/v0/management/auth-files' });
    expect(response.statusCode).toBe(401);
  });
});
