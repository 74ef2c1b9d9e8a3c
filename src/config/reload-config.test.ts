import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeUpstream } from '../../test/support/config-factories.js';
import { createLogger } from '../observability/logger.js';
import { ConfigHolder } from './config-holder.js';
import { loadConfig } from './load-config.js';
import { isHashedSecret } from './management-secret.js';
import { createConfigReloader, type ConfigReloader } from './reload-config.js';

const upstreamYaml = (name: string) => `claude-api-key:
  - name: ${name}
    api-key: sk-${name}
    base-url: http://127.0.0.1:9/${name}
`;

let home: string;
let file: string;
let holder: ConfigHolder;
let logLines: Record<string, unknown>[];
let discovered = [makeUpstream('ollama', { source: 'discovered', models: [{ name: 'qwen3' }] })];

async function start(yaml: string, overrides?: { host?: string; port?: number }): Promise<ConfigReloader> {
  await writeFile(file, yaml, { mode: 0o600 });
  holder = new ConfigHolder((await loadConfig({ configPath: file, home, env: {}, overrides })).config);
  logLines = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return createConfigReloader({
    configPath: file,
    env: {},
    holder,
    logger: createLogger({ level: 'info', destination }),
    discovered: () => discovered,
    overrides,
  });
}

const ids = () => holder.current.upstreams.map((upstream) => upstream.id);
const messages = () => logLines.map((line) => line.msg);

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'switchboard-reload-'));
  file = path.join(home, 'config.yaml');
  discovered = [makeUpstream('ollama', { source: 'discovered', models: [{ name: 'qwen3' }] })];
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('createConfigReloader', () => {
  it('serves a valid new file, with the discovered servers merged again; requests in flight keep theirs', async () => {
    const reloader = await start(upstreamYaml('one'));
    const inFlight = holder.current;
    await writeFile(file, upstreamYaml('two'));
    expect(await reloader.reload()).toEqual({ ok: true, warnings: [] });
    expect(ids()).toEqual(['two', 'ollama']);
    expect(inFlight.upstreams.map((upstream) => upstream.id)).toEqual(['one']);
    expect(messages()).toContain('config reloaded');
  });

  it('keeps the old config and logs the issues when the file is invalid', async () => {
    const reloader = await start(upstreamYaml('one'));
    const before = holder.current;
    await writeFile(file, `${upstreamYaml('two')}port: eighty\n`);
    const result = await reloader.reload();
    expect(result.ok).toBe(false);
    expect(holder.current).toBe(before);
    const refused = logLines.find((line) => line.msg === 'config reload refused');
    expect(refused?.issues).toEqual([expect.objectContaining({ path: 'port', line: 5 })]);
    expect(JSON.stringify(logLines)).not.toContain('sk-two');
  });

  it('is a no-op when the text is the one last applied', async () => {
    const reloader = await start(upstreamYaml('one'));
    await writeFile(file, upstreamYaml('two'));
    await reloader.reload();
    const applied = holder.current;
    expect(await reloader.reload()).toEqual({ ok: true, warnings: [] });
    expect(holder.current).toBe(applied);
  });

  it('keeps host, port and tls until a restart, with a warning', async () => {
    const reloader = await start(`port: 8400\n${upstreamYaml('one')}`);
    await writeFile(file, `port: 8401\nhost: localhost\n${upstreamYaml('two')}`);
    const result = await reloader.reload();
    expect(result).toEqual({
      ok: true,
      warnings: ['host, port changed: the new value applies after a restart'],
    });
    expect(holder.current).toMatchObject({ host: '127.0.0.1', port: 8400 });
    expect(ids()).toContain('two');
  });

  it('applies command-line overrides as at start', async () => {
    const reloader = await start(upstreamYaml('one'), { port: 0 });
    await writeFile(file, `port: 9999\n${upstreamYaml('two')}`);
    expect((await reloader.reload()).ok).toBe(true);
    expect(holder.current.port).toBe(0);
  });

  it('drops discovered servers when discover-local turns off, and ids a file entry now takes', async () => {
    const reloader = await start(upstreamYaml('one'));
    await writeFile(file, `${upstreamYaml('one')}discover-local: false\n`);
    await reloader.reload();
    expect(ids()).toEqual(['one']);
    await writeFile(file, upstreamYaml('ollama'));
    await reloader.reload();
    expect(ids()).toEqual(['ollama']);
    expect(holder.current.upstreams[0]?.source).toBe('config');
  });

  it('stores a new plain management secret hashed', async () => {
    const reloader = await start(upstreamYaml('one'));
    await writeFile(file, `${upstreamYaml('one')}remote-management:\n  secret-key: new-plain-secret\n`);
    expect((await reloader.reload()).ok).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('new-plain-secret');
    expect(isHashedSecret(/secret-key: (\S+)/.exec(text)?.[1] ?? '')).toBe(true);
    expect(messages()).toContain('management secret stored hashed');
  });

  it('checks a text without applying it', async () => {
    const reloader = await start(upstreamYaml('one'));
    const before = holder.current;
    const good = reloader.check(upstreamYaml('three'));
    expect(good.ok && good.config.upstreams.map((upstream) => upstream.id)).toEqual(['three']);
    const bad = reloader.check('host: 0.0.0.0\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.issues[0]?.path).toBe('host');
    expect(holder.current).toBe(before);
  });

  it('refuses a deleted file', async () => {
    const reloader = await start(upstreamYaml('one'));
    const before = holder.current;
    await rm(file);
    const result = await reloader.reload();
    expect(result.ok).toBe(false);
    expect(holder.current).toBe(before);
  });
});
