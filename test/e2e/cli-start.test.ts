import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';
import { spawnSwitchboard, type SwitchboardProcess } from '../support/spawn-switchboard.js';

let upstream: FakeAnthropicUpstream;
let closedPort: number;
const homes: string[] = [];
const processes: SwitchboardProcess[] = [];

async function freshHome(): Promise<string> {
  const home = await mkdtemp(path.join(tmpdir(), 'switchboard-cli-'));
  homes.push(home);
  return home;
}

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** Probe targets: Ollama at the fake upstream, every other local server at a closed port. */
function localServerEnv(ollamaUrl: string | undefined): Record<string, string> {
  const nowhere = `http://127.0.0.1:${closedPort}`;
  return {
    OLLAMA_BASE_URL: ollamaUrl ?? nowhere,
    LM_STUDIO_BASE_URL: `${nowhere}/v1`,
    LLAMACPP_BASE_URL: `${nowhere}/v1`,
    VLLM_BASE_URL: `${nowhere}/v1`,
  };
}

function start(args: string[], env: Record<string, string>): SwitchboardProcess {
  const started = spawnSwitchboard(args, env);
  processes.push(started);
  return started;
}

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream({ models: ['qwen3-coder:30b', 'llama3.1:8b'] });
  closedPort = await unusedPort();
});

afterAll(async () => {
  for (const running of processes) running.child.kill('SIGKILL');
  await upstream.close();
  await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
});

describe('switchboard start', () => {
  it('first run: writes a private default config, discovers a local server, prints the banner, serves', async () => {
    const home = await freshHome();
    const gateway = start(['start', '--port', '0'], {
      HOME: home,
      SWITCHBOARD_HOME: path.join(home, 'sb'),
      ...localServerEnv(upstream.url),
    });
    const [, url] = await gateway.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await gateway.waitFor(/claude\n/);
    const banner = gateway.stdout();
    expect(banner).toContain('(created with commented defaults)');
    expect(banner).toMatch(/ollama\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(banner).toContain('qwen3-coder:30b, llama3.1:8b');
    expect(banner).toContain('→ ollama/qwen3-coder:30b (model-routing.default)');
    expect(banner).toContain(`export ANTHROPIC_BASE_URL=${url}`);
    expect(banner).toContain('export ANTHROPIC_AUTH_TOKEN=');

    const file = await stat(path.join(home, 'sb', 'config.yaml'));
    expect(file.mode & 0o777).toBe(0o600);
    expect((await stat(path.join(home, 'sb'))).mode & 0o777).toBe(0o700);

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const client = new Anthropic({ baseURL: url, apiKey: 'anything', maxRetries: 0 });
    const message = await client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 20,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.model).toBe('qwen3-coder:30b');

    gateway.child.kill('SIGINT');
    expect(await gateway.exited).toBe(0);
  });

  it("starts, serves and stops without loading Node's internal copy of undici (start-up, scripts/bundle.mjs)", async () => {
    // The bundle's undici must not read globalThis.Headers: that lazy global compiles Node's own
    // undici (50–70 ms of start-up) for an HTTP client the gateway never uses. A preload reports
    // Node's loaded modules at exit.
    const home = await freshHome();
    const preload = path.join(home, 'report-loaded-modules.mjs');
    await writeFile(
      preload,
      "process.on('exit', () => process.stderr.write(`node-internal-undici: ${process.moduleLoadList.some((name) => name.includes('deps/undici'))}\\n`));\n",
    );
    const config = path.join(home, 'config.yaml');
    await writeFile(
      config,
      `discover-local: false\nclaude-api-key:\n  - name: up\n    base-url: "${upstream.url}"\n`,
      {
        mode: 0o600,
      },
    );
    const gateway = start(['start', '--config', config, '--port', '0'], {
      HOME: home,
      NODE_OPTIONS: `--import ${pathToFileURL(preload).href}`,
    });
    const [, url] = await gateway.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const client = new Anthropic({ baseURL: url ?? '', apiKey: 'x', maxRetries: 0 });
    const message = await client.messages.create({
      model: 'claude-x',
      max_tokens: 20,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.type).toBe('message');
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    expect(gateway.stderr()).toContain('node-internal-undici: false');
  });

  it('SIGTERM lets an in-flight stream finish, refuses new connections, and exits 0', async () => {
    const home = await freshHome();
    const config = path.join(home, 'config.yaml');
    await writeFile(
      config,
      `discover-local: false\nshutdown-grace-seconds: 20\nclaude-api-key:\n  - name: slow\n    base-url: "${upstream.url}"\n`,
      { mode: 0o600 },
    );
    const gateway = start(['start', '--config', config, '--port', '0'], { HOME: home });
    const [, url] = await gateway.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    upstream.enqueue({
      kind: 'message',
      content: [{ type: 'text', text: 'a slow answer that keeps streaming for a while' }],
      eventDelayMs: 60,
    });
    const client = new Anthropic({ baseURL: url ?? '', apiKey: 'x', maxRetries: 0 });
    const stream = client.messages.stream({
      model: 'claude-x',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'go' }],
    });
    const firstText = new Promise<void>((resolve) => stream.once('text', () => resolve()));
    await firstText;
    gateway.child.kill('SIGTERM');
    await gateway.waitFor(/./, 100).catch(() => undefined);
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({
      type: 'text',
      text: 'a slow answer that keeps streaming for a while',
    });
    expect(final.stop_reason).toBe('end_turn');
    expect(await gateway.exited).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('an invalid config exits 1 with file, line and key path, no stack trace', async () => {
    const home = await freshHome();
    const config = path.join(home, 'config.yaml');
    await writeFile(config, 'port: 8317\nclaude-api-key:\n  - base-url: "ftp://nope"\n', { mode: 0o600 });
    const gateway = start(['start', '--config', config], { HOME: home });
    expect(await gateway.exited).toBe(1);
    expect(gateway.stderr()).toContain(`${config}:3 claude-api-key[0].base-url`);
    expect(gateway.stderr()).not.toMatch(/\n\s+at /);
  });

  it('refuses to listen beyond loopback without api-keys', async () => {
    const home = await freshHome();
    const gateway = start(['start', '--host', '0.0.0.0', '--port', '0'], {
      HOME: home,
      SWITCHBOARD_HOME: home,
      ...localServerEnv(undefined),
    });
    expect(await gateway.exited).toBe(1);
    expect(gateway.stderr()).toMatch(/api-keys is empty/);
  });

  it('a missing --config file is a clear error', async () => {
    const home = await freshHome();
    const gateway = start(['start', '--config', path.join(home, 'nope.yaml')], { HOME: home });
    expect(await gateway.exited).toBe(1);
    expect(gateway.stderr()).toMatch(/file not found/);
  });
});
