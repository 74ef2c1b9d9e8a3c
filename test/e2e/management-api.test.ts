// The management API (`/v0/management`, seed 002, issue 6) and hot reload over real HTTP: the key check
// (401 for a missing or wrong key; a CLIProxyAPI bcrypt secret verified as it is; the remote-caller
// refusal is covered by the inject tests, since a real TCP peer here is always loopback), the secret
// stored hashed at start, a config file edited in the middle of a stream (the stream finishes on the
// config it started with, the next request takes the new route), a broken `PUT /config.yaml` refused
// with its issues while traffic goes on, a valid one changing routing, `api-keys` CRUD deciding
// inbound auth at once, upstream status after a 429, and auth files CRUD.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isHashedSecret } from '../../src/config/management-secret.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';

const MANAGEMENT_KEY = 'e2e-management-secret';
const INBOUND_KEY = 'e2e-inbound-key';
const MODEL = 'up/claude-e2e';

/** A config routing every model of upstream `up` to `baseUrl`, guarded by the inbound and management keys. */
const configYaml = (
  baseUrl: string,
  inboundKeys: readonly string[] = [INBOUND_KEY],
) => `# e2e management config
api-keys: [${inboundKeys.map((key) => JSON.stringify(key)).join(', ')}]
request-retry: 0
claude-api-key:
  - name: up
    api-key: sk-upstream-key
    base-url: "${baseUrl}"
remote-management:
  secret-key: "${MANAGEMENT_KEY}"   # hashed at start
discover-local: false
`;

let upstreamA: FakeAnthropicUpstream;
let upstreamB: FakeAnthropicUpstream;
let gateway: TestGateway | undefined;

beforeAll(async () => {
  upstreamA = await startFakeAnthropicUpstream();
  upstreamB = await startFakeAnthropicUpstream();
});
beforeEach(() => {
  upstreamA.reset();
  upstreamB.reset();
});
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});
afterAll(async () => {
  await Promise.all([upstreamA.close(), upstreamB.close()]);
});

async function start(yaml = configYaml(upstreamA.url)): Promise<TestGateway> {
  gateway = await startTestGateway({ yaml });
  return gateway;
}

/** Calls the management API with the management key (`key` null: none). */
async function manage(
  target: TestGateway,
  method: string,
  route: string,
  body?: string | unknown,
  key: string | null = MANAGEMENT_KEY,
) {
  const response = await fetch(`${target.url}/v0/management${route}`, {
    method,
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...(body === undefined
        ? {}
        : { 'content-type': typeof body === 'string' ? 'application/yaml' : 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json: json as Record<string, unknown> };
}

/** A Messages API request through the gateway. */
function ask(target: TestGateway, options: { stream?: boolean; key?: string } = {}) {
  return fetch(`${target.url}/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-api-key': options.key ?? INBOUND_KEY,
    },
    body: JSON.stringify({
      model: MODEL,
      max_tokens: 64,
      stream: options.stream ?? false,
      messages: [{ role: 'user', content: 'hello' }],
    }),
  });
}

/** Waits until `condition` holds (polling every 20 ms), failing after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const servedBaseUrl = (target: TestGateway) => target.gateway.configHolder.current.upstreams[0]?.baseUrl;

describe('management API: authentication', () => {
  it('refuses a missing or wrong key with 401 and serves the right one; the secret is stored hashed', async () => {
    const target = await start();
    expect((await manage(target, 'GET', '/config', undefined, null)).status).toBe(401);
    const wrong = await manage(target, 'GET', '/config', undefined, 'not-the-key');
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: { type: 'authentication_error' } });
    expect((await manage(target, 'GET', '/config', undefined, INBOUND_KEY)).status).toBe(401);
    const right = await manage(target, 'GET', '/config');
    expect(right.status).toBe(200);
    expect(right.text).not.toContain('sk-upstream-key');

    const file = await readFile(path.join(target.home, 'config.yaml'), 'utf8');
    expect(file).not.toContain(MANAGEMENT_KEY);
    expect(file).toContain('# hashed at start');
    expect(isHashedSecret(/secret-key: "([^"]+)"/.exec(file)?.[1] ?? '')).toBe(true);
    expect((await manage(target, 'GET', '/api-keys')).status).toBe(200);
  });

  it('accepts the key of a config carried over from CLIProxyAPI, its secret a bcrypt hash, left as it is', async () => {
    // What CLIProxyAPI writes at its first start: the bcrypt hash (Go's default cost, 10) of the secret.
    const stored = bcrypt.hashSync(MANAGEMENT_KEY, 10);
    const target = await start(configYaml(upstreamA.url).replace(`"${MANAGEMENT_KEY}"`, `"${stored}"`));
    expect((await manage(target, 'GET', '/config', undefined, 'not-the-key')).status).toBe(401);
    expect((await manage(target, 'GET', '/config')).status).toBe(200);
    expect((await manage(target, 'GET', '/api-keys')).status).toBe(200);
    const file = await readFile(path.join(target.home, 'config.yaml'), 'utf8');
    expect(file).toContain(stored);
  });

  it('is disabled (404) without a secret', async () => {
    const target = await start(configYaml(upstreamA.url).replace(/ {2}secret-key: .*\n/, ''));
    const response = await manage(target, 'GET', '/config');
    expect(response.status).toBe(404);
    expect(response.text).toContain('management API is disabled');
  });
});

describe('hot reload', () => {
  it('lets a stream finish on its config when the file changes mid-stream; the next request takes the new route', async () => {
    const target = await start();
    upstreamA.enqueue({
      kind: 'message',
      content: [{ type: 'text', text: 'streamed slowly from upstream A, '.repeat(6) }],
      eventDelayMs: 60,
    });
    const streaming = await ask(target, { stream: true });
    expect(streaming.status).toBe(200);
    await writeFile(path.join(target.home, 'config.yaml'), configYaml(upstreamB.url));
    await until(() => servedBaseUrl(target) === upstreamB.url);
    const events = await streaming.text();
    expect(events).toContain('event: message_stop');
    const text = [...events.matchAll(/"text_delta","text":"([^"]*)"/g)].map((match) => match[1]).join('');
    expect(text).toBe('streamed slowly from upstream A, '.repeat(6));

    const next = await ask(target);
    expect(next.status).toBe(200);
    expect(upstreamA.requests).toHaveLength(1);
    expect(upstreamB.requests).toHaveLength(1);
  });

  it('keeps serving the old config after an invalid edit of the file', async () => {
    const target = await start();
    const before = target.gateway.configHolder.current;
    await writeFile(path.join(target.home, 'config.yaml'), `${configYaml(upstreamB.url)}port: eighty\n`);
    await until(() => target.logLines.some((line) => line.includes('config reload refused')));
    expect(target.gateway.configHolder.current).toBe(before);
    expect((await ask(target)).status).toBe(200);
    expect(upstreamA.requests).toHaveLength(1);
  });
});

describe('management API: config', () => {
  it('refuses a broken PUT /config.yaml with its issues; traffic is unaffected', async () => {
    const target = await start();
    const original = await readFile(path.join(target.home, 'config.yaml'), 'utf8');
    const refused = await manage(
      target,
      'PUT',
      '/config.yaml',
      `${configYaml(upstreamB.url)}body-limit-mb: lots\n`,
    );
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error: { issues: [expect.objectContaining({ path: 'body-limit-mb' })] },
    });
    expect(await readFile(path.join(target.home, 'config.yaml'), 'utf8')).toBe(original);
    expect((await ask(target)).status).toBe(200);
    expect(upstreamA.requests).toHaveLength(1);
    expect(upstreamB.requests).toHaveLength(0);
  });

  it('applies a valid PUT /config.yaml at once', async () => {
    const target = await start();
    const yaml = await manage(target, 'GET', '/config.yaml');
    expect(yaml.text).toContain('# e2e management config');
    const accepted = await manage(
      target,
      'PUT',
      '/config.yaml',
      yaml.text.replace(upstreamA.url, upstreamB.url),
    );
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ ok: true });
    expect((await ask(target)).status).toBe(200);
    expect(upstreamB.requests).toHaveLength(1);
    expect((await manage(target, 'GET', '/config')).json).toMatchObject({
      upstreams: [{ id: 'up', baseUrl: upstreamB.url }],
    });
  });

  it('edits api-keys; inbound auth follows at once', async () => {
    const target = await start();
    expect((await manage(target, 'GET', '/api-keys')).json).toEqual({ 'api-keys': [INBOUND_KEY] });
    expect((await manage(target, 'PUT', '/api-keys', ['new-key-1', 'new-key-2'])).status).toBe(200);
    expect((await ask(target)).status).toBe(401);
    expect((await ask(target, { key: 'new-key-2' })).status).toBe(200);
    await manage(target, 'PATCH', '/api-keys', { old: 'new-key-1', new: 'patched-key' });
    await manage(target, 'DELETE', '/api-keys?value=new-key-2');
    expect((await manage(target, 'GET', '/api-keys')).json).toEqual({ 'api-keys': ['patched-key'] });
    expect((await ask(target, { key: 'new-key-2' })).status).toBe(401);
    expect((await ask(target, { key: 'patched-key' })).status).toBe(200);
    expect(await readFile(path.join(target.home, 'config.yaml'), 'utf8')).toContain(
      '# e2e management config',
    );
  });
});

describe('management API: status and files', () => {
  it('shows a credential cooling after a 429, by id only', async () => {
    const target = await start();
    upstreamA.enqueue({
      kind: 'error',
      status: 429,
      message: 'slow down',
      headers: { 'retry-after': '120' },
    });
    expect((await ask(target)).status).toBe(429);
    const status = await manage(target, 'GET', '/upstreams');
    expect(status.status).toBe(200);
    expect(status.text).not.toContain('sk-upstream-key');
    const credential = (status.json.upstreams as { credentials: Record<string, unknown>[] }[])[0]
      ?.credentials[0];
    expect(credential).toMatchObject({ id: expect.stringMatching(/^cred_/), last_status: 429 });
    const cooling =
      credential?.availability === 'cooling' ||
      (credential?.models as { cooldown_until: string | null }[]).some(
        (model) => model.cooldown_until !== null,
      );
    expect(cooling).toBe(true);
  });

  it('uploads, lists, downloads and deletes auth files', async () => {
    const target = await start();
    const content = '{"type":"test","token":"x"}';
    expect((await manage(target, 'POST', '/auth-files?name=e2e.json', JSON.parse(content))).status).toBe(200);
    const listed = await manage(target, 'GET', '/auth-files');
    expect(listed.json).toMatchObject({ files: [{ name: 'e2e.json', size: content.length }] });
    expect((await manage(target, 'GET', '/auth-files/download?name=e2e.json')).text).toBe(content);
    expect((await manage(target, 'DELETE', '/auth-files?name=e2e.json')).status).toBe(200);
    expect((await manage(target, 'GET', '/auth-files')).json).toEqual({ files: [] });
    expect((await manage(target, 'POST', '/auth-files?name=../x.json', {})).status).toBe(400);
  });
});
