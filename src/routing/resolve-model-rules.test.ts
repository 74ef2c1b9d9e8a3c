import { describe, expect, it, vi } from 'vitest';
import { makeConfig, makeUpstream } from '../../test/support/config-factories.js';
import type { RouterRules, UpstreamConfig } from '../config/switchboard-config.js';
import { ModelNotFoundError } from '../errors/gateway-error.js';
import type { RouterRuleMatch } from './match-router-rule.js';
import { resolveModel, resolveModelWithRules } from './resolve-model.js';
import { getRouteTable, type RouteTable } from './route-table.js';
import { routeSignalsOf } from './route-signals.js';

function upstream(id: string, fields: Partial<UpstreamConfig> = {}): UpstreamConfig {
  return makeUpstream(id, { apiKey: 'k', authStyle: 'x-api-key', ...fields });
}

const deepseek = upstream('deepseek', {
  models: [{ name: 'deepseek-chat', alias: 'ds' }, { name: 'deepseek-reasoner' }],
});
const ollama = upstream('ollama', { models: [{ name: 'qwen3:32b', alias: 'q' }] });
const gemini = upstream('gemini', { format: 'gemini', models: [{ name: 'gemini-2.5-pro' }] });
const anthropic = upstream('anthropic');

const router: RouterRules = {
  think: 'deepseek/deepseek-reasoner',
  background: 'ollama/qwen3:32b',
  longContext: 'gemini-2.5-pro',
  webSearch: 'nowhere/sonar',
  longContextThreshold: 60_000,
};
const table = getRouteTable(makeConfig([deepseek, ollama, gemini, anthropic], { haiku: 'q' }, { router }));
/** No open upstream: a reference naming no upstream resolves nowhere (an open one takes any name). */
const listedOnly = getRouteTable(makeConfig([deepseek, ollama, gemini], { haiku: 'q' }, { router }));

const think: RouterRuleMatch = { rule: 'think', reference: router.think ?? '' };
const background: RouterRuleMatch = { rule: 'background', reference: router.background ?? '' };
const webSearch: RouterRuleMatch = { rule: 'web-search', reference: router.webSearch ?? '' };

interface Row {
  readonly name: string;
  readonly table?: RouteTable;
  readonly requested: string;
  readonly override?: string;
  readonly rule?: RouterRuleMatch;
  readonly expected:
    { step: string; upstream: string; model: string; rule?: string; skipped?: boolean } | 'not-found';
}

const rows: Row[] = [
  {
    name: 'a rule takes a plain Claude model',
    requested: 'claude-sonnet-4-5',
    rule: think,
    expected: { step: 'rule', upstream: 'deepseek', model: 'deepseek-reasoner', rule: 'think' },
  },
  {
    name: 'the override stays stronger than a rule',
    requested: 'claude-sonnet-4-5',
    override: 'ds',
    rule: think,
    expected: { step: 'override', upstream: 'deepseek', model: 'deepseek-chat' },
  },
  {
    name: 'an explicit upstream/model stays stronger than a rule',
    requested: 'ollama/qwen3:32b',
    rule: think,
    expected: { step: 'explicit', upstream: 'ollama', model: 'qwen3:32b' },
  },
  {
    name: 'a rule wins over an alias',
    requested: 'ds',
    rule: think,
    expected: { step: 'rule', upstream: 'deepseek', model: 'deepseek-reasoner', rule: 'think' },
  },
  {
    name: 'a rule wins over the tier mapping',
    requested: 'claude-haiku-4-5',
    rule: background,
    expected: { step: 'rule', upstream: 'ollama', model: 'qwen3:32b', rule: 'background' },
  },
  {
    name: 'a rule that resolves nowhere is skipped and noted',
    table: listedOnly,
    requested: 'claude-haiku-4-5',
    rule: webSearch,
    expected: { step: 'tier', upstream: 'ollama', model: 'qwen3:32b', skipped: true },
  },
  {
    name: 'a skipped rule is noted on an exact-name resolution too',
    table: listedOnly,
    requested: 'deepseek-chat',
    rule: webSearch,
    expected: { step: 'exact', upstream: 'deepseek', model: 'deepseek-chat', skipped: true },
  },
  {
    name: 'an open upstream takes a rule reference naming no upstream (as tier targets)',
    requested: 'gpt-5',
    rule: webSearch,
    expected: { step: 'rule', upstream: 'anthropic', model: 'nowhere/sonar', rule: 'web-search' },
  },
  {
    name: 'a skipped rule does not save a model that resolves nowhere',
    table: listedOnly,
    requested: 'gpt-5',
    rule: webSearch,
    expected: 'not-found',
  },
  {
    name: 'no rule: normal resolution',
    requested: 'ds',
    expected: { step: 'alias', upstream: 'deepseek', model: 'deepseek-chat' },
  },
];

describe('resolveModel with a router rule', () => {
  it.each(rows)('$name', (row) => {
    const run = () => resolveModel(row.table ?? table, row.requested, row.override, row.rule);
    if (row.expected === 'not-found') {
      expect(run).toThrow(ModelNotFoundError);
      return;
    }
    const resolution = run();
    const primary = resolution.candidates[0];
    expect({
      step: resolution.step,
      upstream: primary?.route.upstream.id,
      model: primary?.model,
      ...(resolution.rule === undefined ? {} : { rule: resolution.rule.rule }),
      ...(resolution.skippedRule === undefined ? {} : { skipped: true }),
    }).toEqual(row.expected);
    if (row.expected.skipped)
      expect(resolution.skippedRule).toContain("router.web-search is 'nowhere/sonar'");
  });
});

describe('resolveModelWithRules', () => {
  const large = { thinking: true, webSearch: false, inputTokens: 100_000 };

  it('routes a long request to the long-context model', async () => {
    const resolution = await resolveModelWithRules(
      table,
      'claude-opus-4-8',
      undefined,
      routeSignalsOf(large),
    );
    expect(resolution).toMatchObject({
      step: 'rule',
      rule: { rule: 'long-context', reference: 'gemini-2.5-pro' },
    });
    expect(resolution.candidates.map((target) => target.route.upstream.id)).toEqual(['gemini']);
  });

  it('routes a short thinking request to the think model', async () => {
    const signals = routeSignalsOf({ ...large, inputTokens: 500 });
    const resolution = await resolveModelWithRules(table, 'claude-opus-4-8', undefined, signals);
    expect(resolution.rule?.rule).toBe('think');
  });

  it('never estimates tokens for a pinned request', async () => {
    const signals = { ...routeSignalsOf(large), estimateInputTokens: vi.fn(() => Promise.resolve(100_000)) };
    const explicit = await resolveModelWithRules(table, 'ollama/qwen3:32b', undefined, signals);
    const overridden = await resolveModelWithRules(table, 'claude-opus-4-8', 'ds', signals);
    expect([explicit.step, overridden.step]).toEqual(['explicit', 'override']);
    expect(signals.estimateInputTokens).not.toHaveBeenCalled();
  });

  it('never estimates tokens when no rule is configured', async () => {
    const plain = getRouteTable(makeConfig([deepseek, anthropic]));
    const signals = { ...routeSignalsOf(large), estimateInputTokens: vi.fn(() => Promise.resolve(100_000)) };
    const resolution = await resolveModelWithRules(plain, 'claude-opus-4-8', undefined, signals);
    expect(resolution.step).toBe('open');
    expect(signals.estimateInputTokens).not.toHaveBeenCalled();
  });

  it('throws for an override that resolves nowhere', async () => {
    await expect(resolveModelWithRules(listedOnly, 'x', 'nowhere/x', routeSignalsOf(large))).rejects.toThrow(
      ModelNotFoundError,
    );
  });
});
