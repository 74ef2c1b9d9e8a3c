import { describe, expect, it } from 'vitest';
import { makeConfig, makeUpstream } from '../../test/support/config-factories.js';
import type { ModelRouting, UpstreamConfig } from '../config/switchboard-config.js';
import { ModelNotFoundError } from '../errors/gateway-error.js';
import { claudeTierOf, resolveModel } from './resolve-model.js';
import { getRouteTable } from './route-table.js';

/** A shared-factory upstream with a key sent as `x-api-key`. */
function upstream(id: string, fields: Partial<UpstreamConfig> = {}): UpstreamConfig {
  return makeUpstream(id, { apiKey: 'k', authStyle: 'x-api-key', ...fields });
}

const deepseek = upstream('deepseek', {
  models: [
    { name: 'deepseek-chat', alias: 'ds' },
    { name: 'deepseek-reasoner', alias: 'dsr' },
    { name: 'deepseek-v4-preview' },
  ],
  excludedModels: ['*-preview'],
});
const ollama = upstream('ollama', { models: [{ name: 'llama3.1:8b' }, { name: 'qwen3:32b', alias: 'q' }] });
const anthropic = upstream('anthropic', { excludedModels: ['*haiku*'] });
const testPrefixed = upstream('team', {
  prefix: 'test',
  models: [{ name: 'deepseek-chat', alias: 'ds-team' }],
});
const router = upstream('open_router', { models: [{ name: 'stepfun/step-3.5-flash:free' }] });

const routing: ModelRouting = {
  opus: 'deepseek/deepseek-reasoner',
  haiku: 'q',
  default: 'ollama/llama3.1:8b',
};
const full = getRouteTable(makeConfig([deepseek, ollama, anthropic, testPrefixed, router], routing));
const noDefault = getRouteTable(
  makeConfig([deepseek, ollama, anthropic, testPrefixed, router], { haiku: 'q' }),
);
const onlyListed = getRouteTable(makeConfig([deepseek, ollama]));

interface Row {
  readonly name: string;
  readonly table: typeof full;
  readonly requested: string;
  readonly override?: string;
  readonly expected: { step: string; upstream: string; model: string } | 'not-found';
}

const rows: Row[] = [
  {
    name: 'override wins over everything',
    table: full,
    requested: 'claude-opus-4-8',
    override: 'ollama/qwen3:32b',
    expected: { step: 'override', upstream: 'ollama', model: 'qwen3:32b' },
  },
  {
    name: 'override by alias',
    table: full,
    requested: 'whatever',
    override: 'ds',
    expected: { step: 'override', upstream: 'deepseek', model: 'deepseek-chat' },
  },
  {
    name: 'override that resolves nowhere',
    table: onlyListed,
    requested: 'ds',
    override: 'nope/x',
    expected: 'not-found',
  },
  {
    name: 'explicit upstream/model',
    table: full,
    requested: 'deepseek/deepseek-chat',
    expected: { step: 'explicit', upstream: 'deepseek', model: 'deepseek-chat' },
  },
  {
    name: 'explicit with an alias as model part',
    table: full,
    requested: 'deepseek/dsr',
    expected: { step: 'explicit', upstream: 'deepseek', model: 'deepseek-reasoner' },
  },
  {
    name: 'explicit unlisted model is passed through',
    table: full,
    requested: 'ollama/mistral',
    expected: { step: 'explicit', upstream: 'ollama', model: 'mistral' },
  },
  {
    name: 'explicit model with slashes and colon',
    table: full,
    requested: 'open_router/stepfun/step-3.5-flash:free',
    expected: { step: 'explicit', upstream: 'open_router', model: 'stepfun/step-3.5-flash:free' },
  },
  {
    name: 'explicit by prefix',
    table: full,
    requested: 'test/deepseek-chat',
    expected: { step: 'explicit', upstream: 'team', model: 'deepseek-chat' },
  },
  {
    name: 'explicit but excluded',
    table: full,
    requested: 'deepseek/deepseek-v4-preview',
    expected: 'not-found',
  },
  {
    name: 'reversible claude-code id',
    table: full,
    requested: 'claude-via/ollama/llama3.1:8b',
    expected: { step: 'explicit', upstream: 'ollama', model: 'llama3.1:8b' },
  },
  {
    name: 'alias',
    table: full,
    requested: 'ds',
    expected: { step: 'alias', upstream: 'deepseek', model: 'deepseek-chat' },
  },
  {
    name: 'alias of a prefixed upstream is not bare',
    table: onlyListed,
    requested: 'ds-team',
    expected: 'not-found',
  },
  {
    name: 'tier name opus',
    table: full,
    requested: 'opus',
    expected: { step: 'tier', upstream: 'deepseek', model: 'deepseek-reasoner' },
  },
  {
    name: 'claude-opus-* maps to opus tier',
    table: full,
    requested: 'claude-opus-4-8',
    expected: { step: 'tier', upstream: 'deepseek', model: 'deepseek-reasoner' },
  },
  {
    name: 'claude-3-*haiku* maps to haiku tier (target is an alias)',
    table: full,
    requested: 'claude-3-5-haiku-20241022',
    expected: { step: 'tier', upstream: 'ollama', model: 'qwen3:32b' },
  },
  {
    name: 'claude-haiku-* maps to haiku tier',
    table: full,
    requested: 'claude-haiku-4-5',
    expected: { step: 'tier', upstream: 'ollama', model: 'qwen3:32b' },
  },
  {
    name: 'sonnet tier without a target falls through to the open upstream',
    table: full,
    requested: 'claude-sonnet-4-5',
    expected: { step: 'open', upstream: 'anthropic', model: 'claude-sonnet-4-5' },
  },
  {
    name: 'exact listed name',
    table: full,
    requested: 'llama3.1:8b',
    expected: { step: 'exact', upstream: 'ollama', model: 'llama3.1:8b' },
  },
  {
    name: 'listed but excluded name is not exact; goes open',
    table: full,
    requested: 'deepseek-v4-preview',
    expected: { step: 'open', upstream: 'anthropic', model: 'deepseek-v4-preview' },
  },
  {
    name: 'open upstream takes any name',
    table: full,
    requested: 'claude-3-7-sonnet-latest',
    expected: { step: 'open', upstream: 'anthropic', model: 'claude-3-7-sonnet-latest' },
  },
  {
    name: 'tier mapping comes before the open upstream',
    table: full,
    requested: 'claude-haiku-x',
    expected: { step: 'tier', upstream: 'ollama', model: 'qwen3:32b' },
  },
  {
    name: 'excluded everywhere, no default',
    table: getRouteTable(makeConfig([anthropic])),
    requested: 'claude-3-haiku',
    expected: 'not-found',
  },
  {
    name: 'default catches unknown names',
    table: getRouteTable(makeConfig([deepseek, ollama], { default: 'ds' })),
    requested: 'gpt-9',
    expected: { step: 'default', upstream: 'deepseek', model: 'deepseek-chat' },
  },
  { name: 'no default and nothing matches', table: onlyListed, requested: 'gpt-9', expected: 'not-found' },
  {
    name: 'unknown head with slash is a bare name',
    table: noDefault,
    requested: 'meta-llama/Llama-4',
    expected: { step: 'open', upstream: 'anthropic', model: 'meta-llama/Llama-4' },
  },
  {
    name: 'no upstreams at all',
    table: getRouteTable(makeConfig([])),
    requested: 'claude-opus-4-8',
    expected: 'not-found',
  },
];

describe('resolveModel', () => {
  it.each(rows)('$name', (row) => {
    if (row.expected === 'not-found') {
      expect(() => resolveModel(row.table, row.requested, row.override)).toThrow(ModelNotFoundError);
      return;
    }
    const resolution = resolveModel(row.table, row.requested, row.override);
    const primary = resolution.candidates[0];
    expect({ step: resolution.step, upstream: primary?.route.upstream.id, model: primary?.model }).toEqual(
      row.expected,
    );
  });

  it('lists the models that would resolve in a 404', () => {
    try {
      resolveModel(onlyListed, 'gpt-9');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ModelNotFoundError);
      const message = (error as Error).message;
      expect(message).toContain("'gpt-9'");
      for (const name of ['ds', 'dsr', 'deepseek-chat', 'llama3.1:8b', 'q']) expect(message).toContain(name);
      expect(message).not.toContain('deepseek-v4-preview');
    }
  });

  it('tells the user to configure an upstream when there is none', () => {
    expect(() => resolveModel(getRouteTable(makeConfig([])), 'x')).toThrow(/No upstream is configured/);
  });

  it('returns every offer of a bare name in config order', () => {
    const table = getRouteTable(
      makeConfig([deepseek, upstream('mirror', { models: [{ name: 'deepseek-chat' }] })]),
    );
    const resolution = resolveModel(table, 'deepseek-chat');
    expect(resolution.candidates.map((target) => target.route.upstream.id)).toEqual(['deepseek', 'mirror']);
  });
});

describe('claudeTierOf', () => {
  it.each([
    ['opus', 'opus'],
    ['SONNET', 'sonnet'],
    ['claude-opus-4-8', 'opus'],
    ['claude-sonnet-4-5-20250929', 'sonnet'],
    ['claude-3-5-haiku-20241022', 'haiku'],
    ['claude-haiku-4-5', 'haiku'],
    ['haiku-like-model', undefined],
    ['gpt-5', undefined],
    ['claude-via/ollama/x', undefined],
  ])('%s → %s', (model, tier) => {
    expect(claudeTierOf(model)).toBe(tier);
  });
});
