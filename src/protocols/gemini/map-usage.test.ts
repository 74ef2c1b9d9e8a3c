import { describe, expect, it } from 'vitest';
import type { IrUsage } from '../../ir/usage.js';
import { decodeGeminiUsage, encodeGeminiUsage, type GeminiUsageMetadataBody } from './map-usage.js';
import type { GeminiUsageMetadata } from './wire.js';

describe('Gemini usageMetadata ↔ IR usage', () => {
  const cases: [string, GeminiUsageMetadata, IrUsage][] = [
    [
      'plain',
      { promptTokenCount: 9, candidatesTokenCount: 10, totalTokenCount: 19 },
      { inputTokens: 9, outputTokens: 10, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    ],
    [
      'cached tokens are inside promptTokenCount',
      {
        promptTokenCount: 1200,
        candidatesTokenCount: 40,
        cachedContentTokenCount: 1000,
        totalTokenCount: 1240,
      },
      { inputTokens: 200, outputTokens: 40, cacheReadInputTokens: 1000, cacheCreationInputTokens: 0 },
    ],
    [
      'thinking tokens are output and reasoning',
      { promptTokenCount: 12, candidatesTokenCount: 7, thoughtsTokenCount: 40, totalTokenCount: 59 },
      {
        inputTokens: 12,
        outputTokens: 47,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        reasoningTokens: 40,
      },
    ],
    [
      'a reply spent thinking (no candidates count)',
      { promptTokenCount: 5, thoughtsTokenCount: 100, totalTokenCount: 105 },
      {
        inputTokens: 5,
        outputTokens: 100,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        reasoningTokens: 100,
      },
    ],
  ];

  it.each(cases)('%s', (_name, wire, ir) => {
    expect(decodeGeminiUsage(wire)).toEqual(ir);
    expect(encodeGeminiUsage(ir)).toEqual(
      Object.fromEntries(
        Object.entries({ candidatesTokenCount: 0, ...wire }).filter(([, value]) => value !== undefined),
      ),
    );
  });

  it('tool-use prompt tokens count as input; garbage counts as 0', () => {
    expect(
      decodeGeminiUsage({
        promptTokenCount: 10,
        toolUsePromptTokenCount: 5,
        candidatesTokenCount: -3,
        cachedContentTokenCount: null,
      }),
    ).toEqual({ inputTokens: 15, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 });
  });

  it('cache writes of other providers count into the prompt', () => {
    const body: GeminiUsageMetadataBody = encodeGeminiUsage({
      inputTokens: 10,
      outputTokens: 5,
      cacheReadInputTokens: 20,
      cacheCreationInputTokens: 30,
    });
    expect(body).toEqual({
      promptTokenCount: 60,
      candidatesTokenCount: 5,
      cachedContentTokenCount: 20,
      totalTokenCount: 65,
    });
  });
});
