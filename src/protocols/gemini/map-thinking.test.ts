import { describe, expect, it } from 'vitest';
import type { IrEffort, IrThinking } from '../../ir/request.js';
import { decodeGeminiThinkingConfig, encodeGeminiThinkingConfig } from './map-thinking.js';
import type { GeminiThinkingConfig } from './wire.js';

describe('decodeGeminiThinkingConfig', () => {
  it.each([
    ['absent', undefined, {}],
    ['budget 0', { thinkingBudget: 0 }, { thinking: { type: 'disabled' } }],
    [
      'budget -1 (dynamic)',
      { thinkingBudget: -1, includeThoughts: true },
      { thinking: { type: 'adaptive' } },
    ],
    ['budget 8192', { thinkingBudget: 8192 }, { thinking: { type: 'enabled', budgetTokens: 8192 } }],
    [
      'level MINIMAL',
      { thinkingLevel: 'MINIMAL' },
      { thinking: { type: 'enabled', budgetTokens: 1024 }, effort: 'minimal' },
    ],
    [
      'level LOW',
      { thinkingLevel: 'LOW' },
      { thinking: { type: 'enabled', budgetTokens: 2048 }, effort: 'low' },
    ],
    [
      'level MEDIUM',
      { thinkingLevel: 'MEDIUM' },
      { thinking: { type: 'enabled', budgetTokens: 8192 }, effort: 'medium' },
    ],
    [
      'level HIGH',
      { thinkingLevel: 'HIGH' },
      { thinking: { type: 'enabled', budgetTokens: 24576 }, effort: 'high' },
    ],
    ['includeThoughts alone', { includeThoughts: true }, { thinking: { type: 'adaptive' } }],
    ['includeThoughts false alone', { includeThoughts: false }, {}],
    ['level unspecified', { thinkingLevel: 'THINKING_LEVEL_UNSPECIFIED' }, {}],
  ] as [string, GeminiThinkingConfig | undefined, object][])('%s', (_name, config, expected) => {
    expect(decodeGeminiThinkingConfig(config)).toEqual(expected);
  });
});

describe('encodeGeminiThinkingConfig', () => {
  it.each([
    ['nothing', undefined, undefined, undefined],
    ['disabled', { type: 'disabled' }, undefined, { thinkingBudget: 0 }],
    [
      'enabled',
      { type: 'enabled', budgetTokens: 31999 },
      'max',
      { thinkingBudget: 31999, includeThoughts: true },
    ],
    ['adaptive', { type: 'adaptive' }, 'high', { thinkingBudget: -1, includeThoughts: true }],
    ['effort none', undefined, 'none', { thinkingBudget: 0 }],
    ['effort minimal', undefined, 'minimal', { thinkingLevel: 'MINIMAL', includeThoughts: true }],
    ['effort xhigh', undefined, 'xhigh', { thinkingLevel: 'HIGH', includeThoughts: true }],
  ] as [string, IrThinking | undefined, IrEffort | undefined, GeminiThinkingConfig | undefined][])(
    '%s',
    (_name, thinking, effort, expected) => {
      expect(encodeGeminiThinkingConfig(thinking, effort)).toEqual(expected);
    },
  );

  it('gives a Gemini client its own config back while the IR still means it', () => {
    const original: GeminiThinkingConfig = { thinkingLevel: 'LOW', includeThoughts: false };
    const { thinking, effort } = decodeGeminiThinkingConfig(original);
    expect(encodeGeminiThinkingConfig(thinking, effort, original)).toBe(original);
    expect(encodeGeminiThinkingConfig({ type: 'disabled' }, undefined, original)).toEqual({
      thinkingBudget: 0,
    });
  });
});
