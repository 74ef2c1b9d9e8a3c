import { DEFAULTS } from '../config/switchboard-config.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, makeUpstream } from '../../test/support/config-factories.js';
import type { SwitchboardConfig, UpstreamConfig } from '../config/switchboard-config.js';
import { DEFAULT_COOLDOWN_POLICY } from '../routing/cooldown-policy.js';
import { findProvider } from './catalog.js';
import type { ProviderDefinition } from './define-provider.js';
import {
  defaultLocalProbes,
  discoverLocalServers,
  withDiscoveredUpstreams,
  type LocalProbe,
} from './discover-local.js';

function provider(id: string): ProviderDefinition {
  const found = findProvider(id);
  if (!found) throw new Error(`no catalog provider '${id}'`);
  return found;
}

/** A shared-factory config that probes local servers (`discoverLocal: true`), with no upstreams. */
function config(fields: Partial<SwitchboardConfig> = {}): SwitchboardConfig {
  return makeConfig([], {}, { discoverLocal: true, ...fields });
}

/** A shared-factory upstream whose catalog provider id is its own id. */
function upstream(id: string, fields: Partial<UpstreamConfig> = {}): UpstreamConfig {
  return makeUpstream(id, { providerId: id, ...fields });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** OpenAI-style lists under /v1 (LM Studio, llama.cpp, vLLM), by path prefix. */
function answerModelLists(request: IncomingMessage, response: ServerResponse): void {
  if (request.method === 'GET' && request.url === '/v1/models') {
    // OpenAI API reference, "Models: list" (response shape).
    json(response, 200, {
      object: 'list',
      data: [
        {
          id: 'qwen2.5-7b-instruct',
          object: 'model',
          created: 1_700_000_000,
          owned_by: 'organization_owner',
        },
        {
          id: 'text-embedding-nomic-embed-text-v1.5',
          object: 'model',
          created: 1_700_000_000,
          owned_by: 'x',
        },
      ],
    });
  } else if (request.method === 'GET' && request.url === '/empty/v1/models') {
    json(response, 200, { object: 'list', data: [] });
  } else if (request.method === 'GET' && request.url === '/not-a-list/v1/models') {
    json(response, 200, { hello: 'world' });
  } else {
    json(response, 404, { error: 'not found' });
  }
}

/** Only Ollama's own API: `GET /api/tags` (Ollama API, "List Local Models"). */
function answerOllamaTags(request: IncomingMessage, response: ServerResponse): void {
  if (request.method === 'GET' && request.url === '/api/tags') {
    json(response, 200, { models: [{ name: 'llama3.1:8b', model: 'llama3.1:8b', size: 4_920_753_328 }] });
  } else {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('404 page not found');
  }
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const listServer = createServer(answerModelLists);
const ollamaServer = createServer(answerOllamaTags);
/** Accepts connections and requests, never answers. */
const silentServer = createServer(() => undefined);
let listPort = 0;
let ollamaPort = 0;
let silentPort = 0;
let closedPort = 0;

beforeAll(async () => {
  listPort = await listen(listServer);
  ollamaPort = await listen(ollamaServer);
  silentPort = await listen(silentServer);
  const closing = createServer();
  closedPort = await listen(closing);
  await close(closing);
});

afterAll(async () => {
  await Promise.all([close(listServer), close(ollamaServer), close(silentServer)]);
});

describe('discoverLocalServers', () => {
  it('returns one discovered upstream per answering server, skipping a closed port', async () => {
    const probes: LocalProbe[] = [
      { provider: provider('lmstudio'), baseUrl: `http://127.0.0.1:${listPort}/v1` },
      { provider: provider('vllm'), baseUrl: `http://127.0.0.1:${closedPort}/v1` },
      { provider: provider('ollama'), baseUrl: `http://127.0.0.1:${ollamaPort}` },
    ];
    const found = await discoverLocalServers(probes, new Set(), 1000);
    expect(found.map((entry) => entry.id)).toEqual(['lmstudio', 'ollama']);
    const [lmstudio, ollama] = found;
    expect(lmstudio).toEqual({
      id: 'lmstudio',
      providerId: 'lmstudio',
      format: 'anthropic',
      baseUrl: `http://127.0.0.1:${listPort}/v1`,
      apiKey: '',
      credentials: [],
      cooldownPolicy: DEFAULT_COOLDOWN_POLICY,
      limits: DEFAULTS.limits,
      authStyle: 'none',
      headers: {},
      models: [{ name: 'qwen2.5-7b-instruct' }, { name: 'text-embedding-nomic-embed-text-v1.5' }],
      excludedModels: [],
      betaPolicy: { mode: 'pass' },
      countTokens: false,
      replayReasoning: false,
      modelMaxOutputTokens: {},
      source: 'discovered',
      origin: expect.stringContaining(`:${listPort}`) as unknown,
    });
    expect(ollama).toMatchObject({
      id: 'ollama',
      providerId: 'ollama',
      baseUrl: `http://127.0.0.1:${ollamaPort}`,
      models: [{ name: 'llama3.1:8b' }],
      source: 'discovered',
      authStyle: 'none',
      apiKey: '',
      credentials: [],
      cooldownPolicy: DEFAULT_COOLDOWN_POLICY,
    });
    expect(ollama?.origin).toContain(`:${ollamaPort}`);
  });

  it('counts an empty list as a server, and a body that is no list as none', async () => {
    const found = await discoverLocalServers(
      [
        { provider: provider('lmstudio'), baseUrl: `http://127.0.0.1:${listPort}/empty/v1` },
        { provider: provider('llamacpp'), baseUrl: `http://127.0.0.1:${listPort}/not-a-list/v1` },
      ],
      new Set(),
      1000,
    );
    expect(found.map((entry) => [entry.id, entry.models])).toEqual([['lmstudio', []]]);
  });

  it('gives up on a server that never answers within the timeout', async () => {
    const started = performance.now();
    const found = await discoverLocalServers(
      [
        { provider: provider('llamacpp'), baseUrl: `http://127.0.0.1:${silentPort}/v1` },
        { provider: provider('ollama'), baseUrl: `http://127.0.0.1:${ollamaPort}` },
      ],
      new Set(),
      200,
    );
    const elapsed = performance.now() - started;
    expect(found.map((entry) => entry.id)).toEqual(['ollama']);
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(2000);
  });

  it.each<[string, string[], LocalProbe['provider'][], string[]]>([
    ['a taken id gets -2', ['ollama'], [provider('ollama')], ['ollama-2']],
    ['-2 taken too gets -3', ['ollama', 'ollama-2'], [provider('ollama')], ['ollama-3']],
    ['two servers of one provider', [], [provider('ollama'), provider('ollama')], ['ollama', 'ollama-2']],
    ['another id does not clash', ['lmstudio'], [provider('ollama')], ['ollama']],
  ])('%s', async (_name, taken, providers, ids) => {
    const probes = providers.map((definition) => ({
      provider: definition,
      baseUrl: `http://127.0.0.1:${ollamaPort}`,
    }));
    const takenIds = new Set(taken);
    const found = await discoverLocalServers(probes, takenIds, 1000);
    expect(found.map((entry) => entry.id)).toEqual(ids);
    expect(found.every((entry) => entry.providerId === 'ollama')).toBe(true);
    expect([...takenIds]).toEqual(taken);
  });

  it('returns nothing for no probes', async () => {
    await expect(discoverLocalServers([], new Set())).resolves.toEqual([]);
  });
});

describe('defaultLocalProbes', () => {
  const probeMap = (probes: LocalProbe[]): Record<string, string> =>
    Object.fromEntries(probes.map((probe) => [probe.provider.id, probe.baseUrl]));

  it('probes every local server at its default port on 127.0.0.1', () => {
    // Default ports: Ollama 11434, LM Studio 1234, llama.cpp 8080, vLLM 8000 (each project's docs).
    expect(probeMap(defaultLocalProbes({}, config()))).toEqual({
      ollama: 'http://127.0.0.1:11434',
      lmstudio: 'http://127.0.0.1:1234/v1',
      llamacpp: 'http://127.0.0.1:8080/v1',
      vllm: 'http://127.0.0.1:8000/v1',
    });
  });

  it.each<[string, Record<string, string>, string, string]>([
    [
      'OLLAMA_BASE_URL with localhost and a trailing slash',
      { OLLAMA_BASE_URL: 'http://localhost:9999/' },
      'ollama',
      'http://127.0.0.1:9999',
    ],
    [
      'OLLAMA_BASE_URL on another host',
      { OLLAMA_BASE_URL: 'http://10.0.0.7:11434' },
      'ollama',
      'http://10.0.0.7:11434',
    ],
    ['a blank OLLAMA_BASE_URL', { OLLAMA_BASE_URL: '   ' }, 'ollama', 'http://127.0.0.1:11434'],
    [
      'LM_STUDIO_BASE_URL',
      { LM_STUDIO_BASE_URL: 'http://localhost:4321/v1' },
      'lmstudio',
      'http://127.0.0.1:4321/v1',
    ],
  ])('honours %s', (_name, env, providerId, baseUrl) => {
    expect(probeMap(defaultLocalProbes(env, config()))[providerId]).toBe(baseUrl);
  });

  it('skips providers an upstream already serves', () => {
    const probes = defaultLocalProbes(
      { OLLAMA_BASE_URL: 'http://localhost:9999' },
      config({ upstreams: [upstream('my-ollama', { providerId: 'ollama' }), upstream('lmstudio')] }),
    );
    expect(Object.keys(probeMap(probes)).sort()).toEqual(['llamacpp', 'vllm']);
  });

  it('never probes hosted providers', () => {
    const ids = defaultLocalProbes({}, config()).map((probe) => probe.provider.id);
    for (const hosted of ['anthropic', 'deepseek', 'open_router', 'cliproxyapi'])
      expect(ids).not.toContain(hosted);
  });
});

describe('withDiscoveredUpstreams', () => {
  const ollama = upstream('ollama', {
    source: 'discovered',
    models: [{ name: 'llama3.1:8b' }, { name: 'qwen3:32b' }],
  });
  const emptyLmStudio = upstream('lmstudio', { source: 'discovered', models: [] });
  const configured = upstream('deepseek', { models: [{ name: 'deepseek-chat' }] });

  it('makes the first discovered model the default of a config that routes nothing', () => {
    const base = config();
    const result = withDiscoveredUpstreams(base, [emptyLmStudio, ollama]);
    expect(result.upstreams).toEqual([emptyLmStudio, ollama]);
    expect(result.modelRouting).toEqual({ default: 'ollama/llama3.1:8b' });
    expect(base.upstreams).toEqual([]);
    expect(base.modelRouting).toEqual({});
  });

  it('keeps the other tier targets when it sets the default', () => {
    const result = withDiscoveredUpstreams(config({ modelRouting: { haiku: 'ollama/qwen3:32b' } }), [ollama]);
    expect(result.modelRouting).toEqual({ haiku: 'ollama/qwen3:32b', default: 'ollama/llama3.1:8b' });
  });

  it.each<[string, SwitchboardConfig, readonly UpstreamConfig[], string | undefined]>([
    ['a config with an upstream', config({ upstreams: [configured] }), [ollama], undefined],
    ['a config with a default', config({ modelRouting: { default: 'x/y' } }), [ollama], 'x/y'],
    ['discovered servers without models', config(), [emptyLmStudio], undefined],
  ])('sets no default for %s', (_name, base, discovered, expectedDefault) => {
    const result = withDiscoveredUpstreams(base, discovered);
    expect(result.modelRouting.default).toBe(expectedDefault);
    expect(result.upstreams).toEqual([...base.upstreams, ...discovered]);
  });

  it('returns the config itself when nothing was discovered', () => {
    const base = config();
    expect(withDiscoveredUpstreams(base, [])).toBe(base);
  });
});
