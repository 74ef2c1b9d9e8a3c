import { describe, expect, it } from 'vitest';
import type { IrUsage } from '../../ir/usage.js';
import { decodeOpenAIResponsesUsage, encodeOpenAIResponsesUsage } from './map-usage.js';
import type { OpenAIResponsesUsage } from './wire-upstream.js';

describe('decodeOpenAIResponsesUsage', () => {
  it.each<[string, OpenAIResponsesUsage, IrUsage]>([
    [
      'reference example (no cache)',
      {
        input_tokens: 36,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 87,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 123,
      },
      {
        inputTokens: 36,
        outputTokens: 87,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        reasoningTokens: 0,
      },
    ],
    [
      'cached tokens are taken out of input_tokens; reasoning tokens kept',
      {
        input_tokens: 1200,
        input_tokens_details: { cached_tokens: 1024 },
        output_tokens: 300,
        output_tokens_details: { reasoning_tokens: 256 },
      },
      {
        inputTokens: 176,
        outputTokens: 300,
        cacheReadInputTokens: 1024,
        cacheCreationInputTokens: 0,
        reasoningTokens: 256,
      },
    ],
    [
      'cache writes are taken out too',
      {
        input_tokens: 100,
        input_tokens_details: { cached_tokens: 10, cache_write_tokens: 30 },
        output_tokens: 1,
      },
      { inputTokens: 60, outputTokens: 1, cacheReadInputTokens: 10, cacheCreationInputTokens: 30 },
    ],
    [
      'missing details (reference response.completed example)',
      { input_tokens: 0, output_tokens: 0, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 0 },
      {
        inputTokens: 0,
        outputTokens: 0,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        reasoningTokens: 0,
      },
    ],
    [
      'never below zero',
      { input_tokens: 5, input_tokens_details: { cached_tokens: 9 } },
      { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 9, cacheCreationInputTokens: 0 },
    ],
  ])('%s', (_name, usage, expected) => {
    expect(decodeOpenAIResponsesUsage(usage)).toEqual(expected);
  });
});

describe('encodeOpenAIResponsesUsage', () => {
  it('puts cached tokens back into input_tokens (inverse of decode)', () => {
    const usage: IrUsage = {
      inputTokens: 176,
      outputTokens: 300,
      cacheReadInputTokens: 1024,
      cacheCreationInputTokens: 0,
      reasoningTokens: 256,
    };
    const body = encodeOpenAIResponsesUsage(usage);
    expect(body).toEqual({
      input_tokens: 1200,
      input_tokens_details: { cached_tokens: 1024 },
      output_tokens: 300,
      output_tokens_details: { reasoning_tokens: 256 },
      total_tokens: 1500,
    });
    expect(decodeOpenAIResponsesUsage(body)).toEqual(usage);
  });

  it('reports cache writes and a zero reasoning count when unknown', () => {
    expect(
      encodeOpenAIResponsesUsage({
        inputTokens: 1,
        outputTokens: 2,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 3,
      }),
    ).toEqual({
      input_tokens: 4,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 3 },
      output_tokens: 2,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 6,
    });
  });
});
