import { describe, expect, it } from 'vitest';
import type { IrEffort, IrThinking } from '../../ir/request.js';
import { budgetToReasoningEffort, decodeReasoningEffort, encodeReasoningEffort } from './map-thinking.js';
import type { OpenAIChatReasoningEffort } from './wire.js';

describe('decodeReasoningEffort', () => {
  it.each<[OpenAIChatReasoningEffort, IrThinking, IrEffort]>([
    ['none', { type: 'disabled' }, 'none'],
    ['minimal', { type: 'enabled', budgetTokens: 1024 }, 'minimal'],
    ['low', { type: 'enabled', budgetTokens: 2048 }, 'low'],
    ['medium', { type: 'enabled', budgetTokens: 8192 }, 'medium'],
    ['high', { type: 'enabled', budgetTokens: 24576 }, 'high'],
    ['xhigh', { type: 'enabled', budgetTokens: 32768 }, 'xhigh'],
    ['max', { type: 'enabled', budgetTokens: 65536 }, 'max'],
  ])('%s', (wire, thinking, effort) => {
    expect(decodeReasoningEffort(wire)).toEqual({ thinking, effort });
  });
});

describe('budgetToReasoningEffort', () => {
  it.each([
    [1024, 'low'],
    [4095, 'low'],
    [4096, 'medium'],
    [16383, 'medium'],
    [16384, 'high'],
    [31999, 'high'],
  ])('%i → %s', (budget, effort) => {
    expect(budgetToReasoningEffort(budget)).toBe(effort);
  });
});

describe('encodeReasoningEffort', () => {
  it.each<[string, IrThinking | undefined, IrEffort | undefined, string, string | undefined]>([
    ['nothing asked', undefined, undefined, 'groq', undefined],
    ['disabled', { type: 'disabled' }, undefined, 'openai', undefined],
    ['disabled with effort none, OpenAI', { type: 'disabled' }, 'none', 'openai', 'none'],
    ['disabled with effort none, others', { type: 'disabled' }, 'none', 'groq', undefined],
    ['Claude Code budget 31999', { type: 'enabled', budgetTokens: 31999 }, undefined, 'groq', 'high'],
    ['budget 2048', { type: 'enabled', budgetTokens: 2048 }, undefined, 'openai', 'low'],
    ['budget 10000', { type: 'enabled', budgetTokens: 10000 }, undefined, 'kimi', 'medium'],
    ['adaptive without effort', { type: 'adaptive' }, undefined, 'openai', 'medium'],
    ['adaptive with effort', { type: 'adaptive' }, 'low', 'cerebras', 'low'],
    ['effort max, OpenAI', { type: 'adaptive' }, 'max', 'openai', 'max'],
    ['effort max, others', { type: 'adaptive' }, 'max', 'groq', 'high'],
    ['effort xhigh, others', undefined, 'xhigh', 'groq', 'high'],
    ['effort minimal, others', { type: 'enabled', budgetTokens: 1024 }, 'minimal', 'groq', 'low'],
    ['effort minimal, OpenAI', { type: 'enabled', budgetTokens: 1024 }, 'minimal', 'openai', 'minimal'],
    ['effort wins over the budget', { type: 'enabled', budgetTokens: 30000 }, 'low', 'openai', 'low'],
    ['effort none without thinking, others', undefined, 'none', 'groq', undefined],
  ])('%s', (_name, thinking, effort, provider, expected) => {
    expect(encodeReasoningEffort(thinking, effort, provider)).toBe(expected);
  });

  it.each<OpenAIChatReasoningEffort>(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'])(
    '%s survives decode → encode for OpenAI',
    (wire) => {
      const { thinking, effort } = decodeReasoningEffort(wire);
      expect(encodeReasoningEffort(thinking, effort, 'openai')).toBe(wire);
    },
  );
});
