import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, makeUpstream } from '../../test/support/config-factories.js';
import type { UpstreamConfig } from '../config/switchboard-config.js';
import {
  CLAUDE_CODE_MODEL_ID_PREFIX,
  decodeClaudeCodeModelId,
  encodeClaudeCodeModelId,
  isClaudeCodeVisible,
} from './claude-code-model-id.js';
import { listRoutableModels, type RoutableModel } from './list-routable-models.js';
import { resolveModel } from './resolve-model.js';
import { getRouteTable } from './route-table.js';

function json(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const requestedPaths: string[] = [];

/** Anthropic's list at /v1/models, OpenAI's at /oai/v1/models. */
function answer(request: IncomingMessage, response: ServerResponse): void {
  requestedPaths.push(request.url ?? '');
  if (request.url === '/v1/models') {
    // Anthropic API reference, "List Models" (response shape).
    json(response, {
      data: [
        {
          type: 'model',
          id: 'claude-opus-4-8',
          display_name: 'Claude Opus 4.8',
          created_at: '2026-02-04T00:00:00Z',
        },
        { type: 'model', id: 'glm-4.6', display_name: 'GLM 4.6', created_at: '2025-09-30T00:00:00Z' },
      ],
      has_more: false,
      first_id: 'claude-opus-4-8',
      last_id: 'glm-4.6',
    });
  } else if (request.url === '/oai/v1/models') {
    // OpenAI API reference, "Models: list" (response shape).
    json(response, {
      object: 'list',
      data: [
        { id: 'qwen2.5-7b-instruct', object: 'model', created: 1_700_000_000, owned_by: 'me' },
        { id: 'nomic-embed-text', object: 'model', created: 1_700_000_000, owned_by: 'me' },
      ],
    });
  } else {
    response.writeHead(404);
    response.end();
  }
}

const server: Server = createServer(answer);
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const deepseek = makeUpstream('deepseek', {
  models: [
    { name: 'deepseek-chat', alias: 'ds' },
    { name: 'deepseek-reasoner' },
    { name: 'deepseek-v4-preview' },
  ],
  excludedModels: ['*-preview'],
});
const team = makeUpstream('team', { prefix: 'test', models: [{ name: 'deepseek-chat', alias: 'ds-team' }] });
const claudey = makeUpstream('claudey', { models: [{ name: 'claude-sonnet-4-5' }] });
const router = makeUpstream('open_router', { models: [{ name: 'google/gemma-3-27b-it:free' }] });
function localAnthropic(): UpstreamConfig {
  return makeUpstream('local', { baseUrl: `http://127.0.0.1:${port}` });
}
function localOpenAi(): UpstreamConfig {
  return makeUpstream('oai', { baseUrl: `http://127.0.0.1:${port}/oai/v1`, excludedModels: ['*embed*'] });
}

function idsOf(models: readonly RoutableModel[]): string[] {
  return models.map((model) => model.id);
}

describe('listRoutableModels', () => {
  it('lists listed models, aliases, prefixed names and open upstreams in config order', async () => {
    const models = await listRoutableModels(
      makeConfig([deepseek, team, claudey, router, localAnthropic()]),
      false,
    );
    expect(idsOf(models)).toEqual([
      'ds',
      'deepseek-chat',
      'deepseek-reasoner',
      'test/deepseek-chat',
      'claude-sonnet-4-5',
      'google/gemma-3-27b-it:free',
      'claude-opus-4-8',
      'glm-4.6',
    ]);
    expect(models.find((model) => model.id === 'ds')).toMatchObject({
      upstreamId: 'deepseek',
      upstreamModel: 'deepseek-chat',
      displayName: 'deepseek-chat (deepseek)',
    });
    expect(models.find((model) => model.id === 'test/deepseek-chat')).toMatchObject({
      upstreamId: 'team',
      upstreamModel: 'deepseek-chat',
    });
  });

  it('omits excluded models and the aliases of prefixed upstreams', async () => {
    const ids = idsOf(await listRoutableModels(makeConfig([deepseek, team, localOpenAi()]), false));
    expect(ids).not.toContain('deepseek-v4-preview');
    expect(ids).not.toContain('ds-team');
    expect(ids).not.toContain('nomic-embed-text');
    expect(ids).toContain('qwen2.5-7b-instruct');
  });

  it("takes an open upstream's names, display names and dates from its own list", async () => {
    const models = await listRoutableModels(makeConfig([localAnthropic(), localOpenAi()]), false);
    expect(models).toEqual([
      {
        id: 'claude-opus-4-8',
        displayName: 'Claude Opus 4.8',
        createdAt: '2026-02-04T00:00:00Z',
        upstreamId: 'local',
        upstreamModel: 'claude-opus-4-8',
      },
      {
        id: 'glm-4.6',
        displayName: 'GLM 4.6',
        createdAt: '2025-09-30T00:00:00Z',
        upstreamId: 'local',
        upstreamModel: 'glm-4.6',
      },
      {
        // Both upstreams are open and 'local' comes first, so the bare name would go there.
        id: 'oai/qwen2.5-7b-instruct',
        displayName: 'qwen2.5-7b-instruct (oai)',
        createdAt: new Date(1_700_000_000_000).toISOString(),
        upstreamId: 'oai',
        upstreamModel: 'qwen2.5-7b-instruct',
      },
    ]);
  });

  it('gives listed models a valid RFC 3339 date', async () => {
    const [model] = await listRoutableModels(makeConfig([claudey]), false);
    expect(model?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  });

  it("reuses an open upstream's list instead of fetching it again", async () => {
    const cached = makeUpstream('cached', { baseUrl: `http://127.0.0.1:${port}/oai/v1` });
    await listRoutableModels(makeConfig([cached]), false);
    const before = requestedPaths.length;
    const models = await listRoutableModels(makeConfig([cached]), false);
    expect(requestedPaths.length).toBe(before);
    expect(idsOf(models)).toEqual(['qwen2.5-7b-instruct', 'nomic-embed-text']);
  });

  it('lists nothing for an open upstream that does not answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const models = await listRoutableModels(
      makeConfig([claudey, makeUpstream('gone', { baseUrl: `http://127.0.0.1:${closedPort}` })]),
      false,
    );
    expect(idsOf(models)).toEqual(['claude-sonnet-4-5']);
  });

  it('encodes ids Claude Code would drop as claude-via/<upstream>/<model>', async () => {
    const models = await listRoutableModels(
      makeConfig([deepseek, team, claudey, router, localAnthropic()]),
      true,
    );
    expect(idsOf(models)).toEqual([
      'claude-via/deepseek/deepseek-chat',
      'claude-via/deepseek/deepseek-reasoner',
      'claude-via/team/deepseek-chat',
      'claude-sonnet-4-5',
      'claude-via/open_router/google/gemma-3-27b-it:free',
      'claude-opus-4-8',
      'claude-via/local/glm-4.6',
    ]);
    expect(models.every((model) => isClaudeCodeVisible(model.id))).toBe(true);
  });

  it('keeps plain ids for Claude Code when claude-code-model-ids is off', async () => {
    const upstreams = [deepseek, team, claudey, router];
    const plain = idsOf(
      await listRoutableModels(makeConfig(upstreams, {}, { claudeCodeModelIds: false }), true),
    );
    expect(plain).toEqual(idsOf(await listRoutableModels(makeConfig(upstreams), false)));
    expect(plain.some((id) => id.startsWith(CLAUDE_CODE_MODEL_ID_PREFIX))).toBe(false);
  });

  it.each([true, false])(
    'every listed id resolves back to its upstream and model (forClaudeCode %s)',
    async (forClaudeCode) => {
      const routed = makeConfig([deepseek, team, claudey, router, localAnthropic()]);
      const table = getRouteTable(routed);
      const models = await listRoutableModels(routed, forClaudeCode);
      expect(models.length).toBeGreaterThan(5);
      for (const model of models) {
        const primary = resolveModel(table, model.id).candidates[0];
        expect({ id: model.id, upstream: primary?.route.upstream.id, model: primary?.model }).toEqual({
          id: model.id,
          upstream: model.upstreamId,
          model: model.upstreamModel,
        });
      }
    },
  );

  // Regression test (found by the unit-test pass, fixed since).
  it('a plain id of the second open upstream resolves to that upstream', async () => {
    const routed = makeConfig([localAnthropic(), localOpenAi()]);
    const models = await listRoutableModels(routed, false);
    const qwen = models.find((model) => model.upstreamModel === 'qwen2.5-7b-instruct');
    expect(qwen?.upstreamId).toBe('oai');
    const primary = resolveModel(getRouteTable(routed), qwen?.id ?? '').candidates[0];
    expect(primary?.route.upstream.id).toBe('oai');
  });
});

describe('claude-code-model-id', () => {
  it.each([
    ['ollama', 'llama3.1:8b'],
    ['open_router', 'google/gemma-3-27b-it:free'],
    ['deepseek', 'deepseek-chat'],
    ['local', 'a/b/c'],
  ])('round-trips %s / %s', (upstreamId, model) => {
    const id = encodeClaudeCodeModelId(upstreamId, model);
    expect(id).toBe(`claude-via/${upstreamId}/${model}`);
    expect(isClaudeCodeVisible(id)).toBe(true);
    expect(decodeClaudeCodeModelId(id)).toBe(`${upstreamId}/${model}`);
  });

  it.each([
    'claude-opus-4-8',
    'claude-via/',
    'claude-via/only-upstream',
    'ollama/llama3',
    'Claude-via/ollama/x',
  ])('%s is no reversible id', (id) => {
    expect(decodeClaudeCodeModelId(id)).toBeUndefined();
  });

  it.each([
    ['claude-sonnet-4-5', true],
    ['CLAUDE-3-haiku', true],
    ['anthropic/claude', true],
    ['my-Anthropic-model', true],
    ['deepseek-chat', false],
    ['glm-4.6', false],
  ])('%s is visible to Claude Code: %s', (id, visible) => {
    expect(isClaudeCodeVisible(id)).toBe(visible);
  });
});
