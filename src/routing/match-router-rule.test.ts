import { describe, expect, it, vi } from 'vitest';
import type { RouterRules } from '../config/switchboard-config.js';
import { hasRouterRules, matchRouterRule } from './match-router-rule.js';
import type { ClaudeTier } from './resolve-model.js';
import type { RouteSignals } from './route-signals.js';

const ALL: RouterRules = {
  longContext: 'gemini/gemini-2.5-pro',
  webSearch: 'openrouter/perplexity/sonar',
  background: 'ollama/qwen3:32b',
  think: 'deepseek/deepseek-reasoner',
  longContextThreshold: 60_000,
};

function signals(fields: Partial<Omit<RouteSignals, 'estimateInputTokens'>> & { tokens?: number } = {}) {
  const tokens = fields.tokens ?? 10;
  return {
    thinking: fields.thinking ?? false,
    webSearch: fields.webSearch ?? false,
    inputBytes: fields.inputBytes ?? tokens * 4,
    estimateInputTokens: vi.fn(() => Promise.resolve(tokens)),
  };
}

interface Row {
  readonly name: string;
  readonly rules?: RouterRules;
  readonly signals: ReturnType<typeof signals>;
  readonly tier?: ClaudeTier;
  readonly expected: string | undefined;
}

const rows: Row[] = [
  { name: 'nothing matches', signals: signals(), expected: undefined },
  { name: 'long context over the threshold', signals: signals({ tokens: 60_001 }), expected: 'long-context' },
  { name: 'long context at the threshold', signals: signals({ tokens: 60_000 }), expected: undefined },
  {
    name: 'long context wins over every other rule',
    signals: signals({ tokens: 90_000, webSearch: true, thinking: true }),
    tier: 'haiku',
    expected: 'long-context',
  },
  {
    name: 'web search wins over background and think',
    signals: signals({ webSearch: true, thinking: true }),
    tier: 'haiku',
    expected: 'web-search',
  },
  {
    name: 'background wins over think',
    signals: signals({ thinking: true }),
    tier: 'haiku',
    expected: 'background',
  },
  { name: 'background is the haiku tier only', signals: signals(), tier: 'sonnet', expected: undefined },
  { name: 'think', signals: signals({ thinking: true }), tier: 'opus', expected: 'think' },
  {
    name: 'an unset rule never matches',
    rules: { longContextThreshold: 60_000, think: 'deepseek/deepseek-reasoner', webSearch: '' },
    signals: signals({ webSearch: true, tokens: 100_000 }),
    tier: 'haiku',
    expected: undefined,
  },
  {
    name: 'a lower threshold',
    rules: { ...ALL, longContextThreshold: 1000 },
    signals: signals({ tokens: 1001 }),
    expected: 'long-context',
  },
];

describe('matchRouterRule', () => {
  it.each(rows)('$name', async (row) => {
    const rules = row.rules ?? ALL;
    const match = await matchRouterRule(rules, row.signals, row.tier);
    expect(match?.rule).toBe(row.expected);
    if (match?.rule === 'think') expect(match.reference).toBe(rules.think);
    if (match?.rule === 'long-context') expect(match.reference).toBe(rules.longContext);
  });

  it('never tokenizes a body no larger than the threshold in bytes', async () => {
    const small = signals({ tokens: 70_000, inputBytes: 60_000 });
    expect(await matchRouterRule(ALL, small, undefined)).toBeUndefined();
    expect(small.estimateInputTokens).not.toHaveBeenCalled();
  });

  it('never tokenizes when no long-context rule is configured', async () => {
    const large = signals({ tokens: 70_000, thinking: true });
    const { longContext: _unused, ...withoutLongContext } = ALL;
    expect(await matchRouterRule(withoutLongContext, large, undefined)).toEqual({
      rule: 'think',
      reference: ALL.think,
    });
    expect(large.estimateInputTokens).not.toHaveBeenCalled();
  });
});

describe('hasRouterRules', () => {
  it('is false with only a threshold or empty references', () => {
    expect(hasRouterRules({ longContextThreshold: 1 })).toBe(false);
    expect(hasRouterRules({ longContextThreshold: 1, think: '' })).toBe(false);
    expect(hasRouterRules({ longContextThreshold: 1, background: 'x' })).toBe(true);
  });
});
