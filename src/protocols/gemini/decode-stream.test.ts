import { describe, expect, it } from 'vitest';
import { UpstreamHttpError } from '../../errors/upstream-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { deltaText, finishOf, toolCallsOf } from '../openai-chat/__fixtures__/stream-test-support.js';
import { decodeGeminiEvents, GEMINI_EXCHANGE, readGeminiChunks } from './__fixtures__/stream-test-support.js';

function chunk(fields: Record<string, unknown>): { event: undefined; data: string } {
  return {
    event: undefined,
    data: JSON.stringify({ responseId: 'r1', modelVersion: 'gemini-x', ...fields }),
  };
}

describe('decodeGeminiStream: reference streams', () => {
  it('text, with running usage totals on every chunk', async () => {
    const { parts } = await decodeGeminiEvents(readGeminiChunks('gemini-text.1.chunks.txt'));
    const usage = (candidates: number) => ({
      type: 'usage',
      usage: {
        inputTokens: 9,
        outputTokens: candidates,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
      },
    });
    expect(parts).toEqual([
      { type: 'response-start', id: 'mHx5aK2aBqGz7M8P0b3c4Qs', model: 'gemini-2.5-flash' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'The' },
      usage(1),
      { type: 'text-delta', index: 0, text: ' sky is blue because of Rayleigh' },
      usage(8),
      { type: 'text-delta', index: 0, text: ' scattering.' },
      { type: 'text-end', index: 0 },
      usage(10),
      {
        type: 'finish',
        finishReason: 'end-turn',
        usage: { inputTokens: 9, outputTokens: 10, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      },
    ]);
  });

  it('thought parts before the text; a signature on the closing empty text part', async () => {
    const { parts } = await decodeGeminiEvents(readGeminiChunks('gemini-thoughts.1.chunks.txt'));
    const content = parts.filter((part) => part.type !== 'usage');
    expect(content).toEqual([
      { type: 'response-start', id: 't7x5aPq1Fo2z7M8Pu8aJsA0', model: 'gemini-2.5-pro' },
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: '**Working out the sum**\n\nTwo plus two' },
      { type: 'reasoning-delta', index: 0, text: ' is four.' },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text: '2 + 2 = 4.' },
      { type: 'text-end', index: 1 },
      { type: 'reasoning-start', index: 2 },
      {
        type: 'reasoning-signature',
        index: 2,
        signature: { provider: 'gemini', value: 'CpMCAcu98PB0c2lnbmF0dXJlLXRleHQ=' },
      },
      { type: 'reasoning-end', index: 2 },
      {
        type: 'finish',
        finishReason: 'end-turn',
        usage: {
          inputTokens: 12,
          outputTokens: 47,
          cacheReadInputTokens: 0,
          cacheCreationInputTokens: 0,
          reasoningTokens: 40,
        },
      },
    ]);
  });

  it('a function call with an id and a thoughtSignature (Gemini 3)', async () => {
    const { parts } = await decodeGeminiEvents(readGeminiChunks('gemini-function-call.1.chunks.txt'), {
      ...GEMINI_EXCHANGE,
      model: 'gemini-3-pro-preview',
    });
    expect(parts.filter((part) => part.type.startsWith('tool-input'))).toEqual([
      {
        type: 'tool-input-start',
        index: 1,
        id: 'gemini_g1bmv6il',
        name: 'get_weather',
        signature: { provider: 'gemini', value: 'EuYDCuMDAdHtim9zaWduYXR1cmUtY2FsbA==' },
      },
      { type: 'tool-input-delta', index: 1, json: '{"location":"Paris","unit":"celsius"}' },
      { type: 'tool-input-end', index: 1 },
    ]);
    expect(deltaText(parts, 'reasoning-delta')).toBe("I'll check the weather.");
    expect(finishOf(parts)).toEqual({
      type: 'finish',
      finishReason: 'tool-use',
      usage: {
        inputTokens: 61,
        outputTokens: 58,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        reasoningTokens: 38,
      },
    });
  });

  it('parallel calls without ids get call_<hash>_<n>; cached tokens leave the input count', async () => {
    const { parts } = await decodeGeminiEvents(
      readGeminiChunks('gemini-parallel-function-calls.1.chunks.txt'),
    );
    const calls = toolCallsOf(parts);
    expect(calls.map((call) => [call.name, call.input])).toEqual([
      ['power_disco_ball', { power: true }],
      ['start_music', { energetic: true, loud: true }],
      ['dim_lights', { brightness: 0.5 }],
    ]);
    expect(calls.map((call) => call.id)).toEqual([
      expect.stringMatching(/^call_[0-9a-f]{8}_0$/),
      expect.stringMatching(/^call_[0-9a-f]{8}_1$/),
      expect.stringMatching(/^call_[0-9a-f]{8}_2$/),
    ]);
    const starts = parts.filter((part) => part.type === 'tool-input-start');
    expect(starts.map((part) => part.signature)).toEqual([
      { provider: 'gemini', value: 'CiwBcGFyYWxsZWwtc2lnbmF0dXJl' },
      undefined,
      undefined,
    ]);
    expect(finishOf(parts)).toMatchObject({
      finishReason: 'tool-use',
      usage: { inputTokens: 43, outputTokens: 42, cacheReadInputTokens: 100 },
    });
  });

  it('an error chunk mid-stream → error with its status', async () => {
    const { parts } = await decodeGeminiEvents(readGeminiChunks('gemini-error.1.chunks.txt'));
    const last = parts[parts.length - 1] as Extract<IrStreamPart, { type: 'error' }>;
    expect(last.type).toBe('error');
    expect(last.error).toBeInstanceOf(UpstreamHttpError);
    expect(last.error.status).toBe(503);
    expect(last.error.message).toContain('The model is overloaded');
    expect(deltaText(parts, 'text-delta')).toBe('Once upon');
  });

  it('a blocked prompt (promptFeedback.blockReason, no candidates) → refusal', async () => {
    const { parts } = await decodeGeminiEvents(readGeminiChunks('gemini-blocked-prompt.1.chunks.txt'));
    expect(finishOf(parts).finishReason).toBe('refusal');
  });
});

describe('decodeGeminiStream: recorded streams', () => {
  it('Gemini 3 text: the closing empty part’s signature follows the text block', async () => {
    const { parts } = await decodeGeminiEvents(readGeminiChunks('gemini-text.2.chunks.txt'));
    expect(deltaText(parts, 'text-delta')).toBe(
      'There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.',
    );
    const signature = parts.find((part) => part.type === 'reasoning-signature');
    expect(signature).toMatchObject({ index: 1, signature: { provider: 'gemini' } });
    expect(finishOf(parts)).toEqual({
      type: 'finish',
      finishReason: 'end-turn',
      usage: {
        inputTokens: 9,
        outputTokens: 285,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        reasoningTokens: 256,
      },
    });
  });

  it('Gemini 3.1 function call: id, signature, the empty closing part ignored', async () => {
    const { parts } = await decodeGeminiEvents(readGeminiChunks('gemini-function-call.2.chunks.txt'));
    expect(parts.filter((part) => part.type !== 'usage').map((part) => part.type)).toEqual([
      'response-start',
      'text-start',
      'text-delta',
      'text-end',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-end',
      'finish',
    ]);
    expect(parts.find((part) => part.type === 'tool-input-start')).toMatchObject({
      id: 'gemini_g1bmv6il',
      name: 'get_weather',
      signature: { provider: 'gemini', value: expect.stringMatching(/^EqsGCqgG/) as unknown },
    });
    expect(toolCallsOf(parts)[0]?.input).toEqual({ city: 'San Francisco' });
    expect(finishOf(parts).finishReason).toBe('tool-use');
  });

  it('a blocked prompt (PROHIBITED_CONTENT) → refusal with the prompt tokens', async () => {
    const { parts } = await decodeGeminiEvents(readGeminiChunks('gemini-blocked-prompt.2.chunks.txt'));
    expect(finishOf(parts)).toMatchObject({
      finishReason: 'refusal',
      usage: { inputTokens: 9, outputTokens: 0 },
    });
  });
});

describe('decodeGeminiStream: edges', () => {
  it('a cut stream (no finishReason) ends with an error', async () => {
    const { parts } = await decodeGeminiEvents([
      chunk({ candidates: [{ content: { parts: [{ text: 'Hi' }] } }] }),
    ]);
    expect(parts[parts.length - 1]).toMatchObject({ type: 'error', error: { status: 502 } });
  });

  it('no events at all → one error part', async () => {
    const { parts } = await decodeGeminiEvents([]);
    expect(parts).toEqual([{ type: 'error', error: expect.any(Error) as unknown }]);
  });

  it('a signature on a thought part is sent before the reasoning ends; a text signature after the text', async () => {
    const { parts } = await decodeGeminiEvents([
      chunk({
        candidates: [{ content: { parts: [{ text: 'Hmm', thought: true, thoughtSignature: 'S1' }] } }],
      }),
      chunk({ candidates: [{ content: { parts: [{ text: 'Yes', thoughtSignature: 'S2' }] } }] }),
      chunk({ candidates: [{ content: { parts: [{ text: ' indeed' }] }, finishReason: 'STOP' }] }),
    ]);
    expect(parts.slice(1, -1)).toEqual([
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'Hmm' },
      { type: 'reasoning-signature', index: 0, signature: { provider: 'gemini', value: 'S1' } },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text: 'Yes' },
      { type: 'text-delta', index: 1, text: ' indeed' },
      { type: 'text-end', index: 1 },
      { type: 'reasoning-start', index: 2 },
      { type: 'reasoning-signature', index: 2, signature: { provider: 'gemini', value: 'S2' } },
      { type: 'reasoning-end', index: 2 },
    ]);
  });

  it('shortened function names are mapped back; other parts become opaque blocks', async () => {
    const exchange = { ...GEMINI_EXCHANGE, toolNames: new Map([['short_1a2b3c4d', 'a.very.long.name']]) };
    const image = { inlineData: { mimeType: 'image/png', data: 'iVBO' } };
    const { parts } = await decodeGeminiEvents(
      [
        chunk({ candidates: [{ content: { parts: [image] } }] }),
        chunk({
          candidates: [
            { content: { parts: [{ functionCall: { name: 'short_1a2b3c4d' } }] }, finishReason: 'STOP' },
          ],
        }),
      ],
      exchange,
    );
    expect(parts[1]).toEqual({ type: 'opaque-block', index: 0, format: 'gemini', value: image });
    expect(toolCallsOf(parts)).toEqual([
      { id: expect.any(String) as unknown, name: 'a.very.long.name', input: {} },
    ]);
  });

  it('non-JSON events are skipped with a warning', async () => {
    const { parts, warnings } = await decodeGeminiEvents([
      { event: undefined, data: 'not json' },
      chunk({ candidates: [{ content: { parts: [{ text: 'ok' }] }, finishReason: 'MAX_TOKENS' }] }),
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual(['malformed-chunk']);
    expect(finishOf(parts).finishReason).toBe('max-tokens');
  });
});
