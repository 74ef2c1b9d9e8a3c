import { describe, expect, it } from 'vitest';
import type { IrUsage } from '../../ir/usage.js';
import { decodeOpenAIChatUsage, encodeOpenAIChatUsage } from './map-usage.js';
import type { OpenAIChatUsage } from './wire-upstream.js';

describe('decodeOpenAIChatUsage', () => {
  it.each<[string, OpenAIChatUsage, IrUsage]>([
    [
      'reference example (no cache)',
      {
        prompt_tokens: 19,
        completion_tokens: 10,
        total_tokens: 29,
        prompt_tokens_details: { cached_tokens: 0 },
      },
      { inputTokens: 19, outputTokens: 10, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    ],
    [
      'cached tokens are taken out of prompt_tokens',
      {
        prompt_tokens: 1200,
        completion_tokens: 12,
        prompt_tokens_details: { cached_tokens: 1024 },
        completion_tokens_details: { reasoning_tokens: 4 },
      },
      {
        inputTokens: 176,
        outputTokens: 12,
        cacheReadInputTokens: 1024,
        cacheCreationInputTokens: 0,
        reasoningTokens: 4,
      },
    ],
    [
      'cache writes are taken out too',
      {
        prompt_tokens: 100,
        completion_tokens: 1,
        prompt_tokens_details: { cached_tokens: 10, cache_write_tokens: 30 },
      },
      { inputTokens: 60, outputTokens: 1, cacheReadInputTokens: 10, cacheCreationInputTokens: 30 },
    ],
    [
      'DeepSeek prompt_cache_hit_tokens',
      { prompt_tokens: 50, completion_tokens: 5, prompt_cache_hit_tokens: 32 },
      { inputTokens: 18, outputTokens: 5, cacheReadInputTokens: 32, cacheCreationInputTokens: 0 },
    ],
    [
      'Moonshot top-level cached_tokens',
      { prompt_tokens: 80, completion_tokens: 25, cached_tokens: 64 },
      { inputTokens: 16, outputTokens: 25, cacheReadInputTokens: 64, cacheCreationInputTokens: 0 },
    ],
    [
      'missing and odd counts become 0; never negative',
      { prompt_tokens: 5, completion_tokens: null, prompt_tokens_details: { cached_tokens: 9 } },
      { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 9, cacheCreationInputTokens: 0 },
    ],
    ['empty', {}, { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 }],
  ])('%s', (_name, wire, expected) => {
    expect(decodeOpenAIChatUsage(wire)).toEqual(expected);
  });
});

describe('encodeOpenAIChatUsage', () => {
  it('adds cache reads and writes back into prompt_tokens', () => {
    expect(
      encodeOpenAIChatUsage({
        inputTokens: 176,
        outputTokens: 12,
        cacheReadInputTokens: 1024,
        cacheCreationInputTokens: 0,
        reasoningTokens: 4,
      }),
    ).toEqual({
      prompt_tokens: 1200,
      completion_tokens: 12,
      total_tokens: 1212,
      prompt_tokens_details: { cached_tokens: 1024 },
      completion_tokens_details: { reasoning_tokens: 4 },
    });
  });

  it('reports Anthropic cache creation as cache_write_tokens', () => {
    expect(
      encodeOpenAIChatUsage({
        inputTokens: 3,
        outputTokens: 2,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 40,
      }),
    ).toEqual({
      prompt_tokens: 43,
      completion_tokens: 2,
      total_tokens: 45,
      prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 40 },
    });
  });

  it.each<IrUsage>([
    { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    {
      inputTokens: 7,
      outputTokens: 9,
      cacheReadInputTokens: 100,
      cacheCreationInputTokens: 5,
      reasoningTokens: 3,
    },
  ])('decode(encode(%j)) is the identity', (usage) => {
    expect(decodeOpenAIChatUsage(encodeOpenAIChatUsage(usage))).toEqual(usage);
  });
});
