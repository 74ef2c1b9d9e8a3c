import { describe, expect, it } from 'vitest';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { deltaText, finishOf, toolCallsOf } from '../openai-chat/__fixtures__/stream-test-support.js';
import { decodeEvents, readEventFixture, sseEvent } from './__fixtures__/stream-test-support.js';
import { unpackReasoningState } from './map-reasoning-item.js';

const TEXT =
  'In a shimmering forest under a sky full of stars, a lonely unicorn named Lila discovered a hidden pond that glowed with moonlight.';

function errorOf(parts: readonly IrStreamPart[]): Extract<IrStreamPart, { type: 'error' }> {
  const last = parts[parts.length - 1];
  if (last?.type !== 'error') throw new Error(`stream ended with ${JSON.stringify(last)}`);
  return last;
}

describe('decodeOpenAIResponsesStream: reference streams', () => {
  it('text (streaming events reference)', async () => {
    const { parts, warnings } = await decodeEvents(readEventFixture('openai-responses-text.1.chunks.txt'));
    expect(parts).toEqual([
      {
        type: 'response-start',
        id: 'resp_67ccfcdd16748190a91872c75d38539e09e4d4aac714747c',
        model: 'gpt-4o-2024-08-06',
      },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'In' },
      { type: 'text-delta', index: 0, text: ' a shimmering forest under a sky full of stars,' },
      {
        type: 'text-delta',
        index: 0,
        text: ' a lonely unicorn named Lila discovered a hidden pond that glowed with moonlight.',
      },
      { type: 'text-end', index: 0 },
      {
        type: 'finish',
        finishReason: 'end-turn',
        usage: {
          inputTokens: 36,
          outputTokens: 87,
          cacheReadInputTokens: 0,
          cacheCreationInputTokens: 0,
          reasoningTokens: 0,
        },
      },
    ]);
    expect(deltaText(parts, 'text-delta')).toBe(TEXT);
    expect(warnings).toEqual([]);
  });

  it('a function call with argument deltas (function calling guide), streamed live', async () => {
    const { parts } = await decodeEvents(readEventFixture('openai-responses-function-call.1.chunks.txt'));
    const delta = (json: string): IrStreamPart => ({ type: 'tool-input-delta', index: 0, json });
    expect(parts.slice(0, 10)).toEqual([
      { type: 'response-start', id: 'resp_1234xyz', model: 'gpt-4.1-2025-04-14' },
      { type: 'tool-input-start', index: 0, id: 'call_1234xyz', name: 'get_weather' },
      ...['{"', 'location', '":"', 'Paris', ',', ' France', '"}'].map(delta),
      { type: 'tool-input-end', index: 0 },
    ]);
    expect(finishOf(parts)).toEqual({
      type: 'finish',
      finishReason: 'tool-use',
      usage: {
        inputTokens: 35,
        outputTokens: 23,
        cacheReadInputTokens: 256,
        cacheCreationInputTokens: 0,
        reasoningTokens: 0,
      },
    });
  });

  it('reasoning summary deltas, then the encrypted content and id packed before reasoning-end', async () => {
    const { parts } = await decodeEvents(
      readEventFixture('openai-responses-reasoning-encrypted.1.chunks.txt'),
    );
    expect(parts[1]).toEqual({ type: 'reasoning-start', index: 0 });
    expect(parts.filter((part) => part.type === 'reasoning-delta')).toHaveLength(32);
    expect(deltaText(parts, 'reasoning-delta')).toBe(
      "**Calculating step-by-step using calculator**\n\nI'll compute 12 plus 7, then multiply the result by 3, and finally multiply that by 10, reporting the final product.",
    );
    const signatureAt = parts.findIndex((part) => part.type === 'reasoning-signature');
    const signature = parts[signatureAt];
    if (signature?.type !== 'reasoning-signature') throw new Error('no signature');
    expect(parts[signatureAt + 1]).toEqual({ type: 'reasoning-end', index: 0 });
    expect(signature.signature.provider).toBe('openai');
    const state = unpackReasoningState(signature.signature.value);
    expect(state?.id).toBe('rs_01830d662ab3856501693c321405c88190be3ab04d5782d5f9');
    // The done item's encrypted_content, not the (different) one of output_item.added.
    expect(state?.encryptedContent?.startsWith('gAAAAABpPDIVOKrsHNZ0Gw')).toBe(true);
    expect(toolCallsOf(parts)).toEqual([
      { id: 'call_AB6AaRZ1FYZB2RwS6A5vbdqn', name: 'calculator', input: { a: 12, b: 7, op: 'add' } },
    ]);
    expect(finishOf(parts).finishReason).toBe('tool-use');
  });

  it('response.incomplete (max_output_tokens) → max-tokens with usage', async () => {
    const { parts } = await decodeEvents(readEventFixture('openai-responses-incomplete.1.chunks.txt'));
    expect(deltaText(parts, 'text-delta')).toBe('In a shimmering forest');
    expect(finishOf(parts)).toEqual({
      type: 'finish',
      finishReason: 'max-tokens',
      usage: {
        inputTokens: 12,
        outputTokens: 16,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        reasoningTokens: 0,
      },
    });
  });

  it('response.failed → an error part with the status of its code (server_error → 500)', async () => {
    const { parts } = await decodeEvents(readEventFixture('openai-responses-failed.1.chunks.txt'));
    const error = errorOf(parts).error;
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      "Upstream 'openai' failed mid-stream: The model failed to generate a response. (server_error)",
    );
  });

  it('an error event → an error part (unknown code → 502)', async () => {
    const { parts } = await decodeEvents(readEventFixture('openai-responses-error.1.chunks.txt'));
    expect(parts[0]?.type).toBe('response-start');
    expect(errorOf(parts).error.status).toBe(502);
    expect(errorOf(parts).error.message).toContain('Something went wrong');
  });

  it('rate_limit_exceeded → 429', async () => {
    const { parts } = await decodeEvents([
      sseEvent('response.created', {
        response: { id: 'resp_1', model: 'm', status: 'in_progress', output: [] },
      }),
      sseEvent('response.failed', {
        response: {
          id: 'resp_1',
          status: 'failed',
          error: { code: 'rate_limit_exceeded', message: 'slow down' },
        },
      }),
    ]);
    expect(errorOf(parts).error.status).toBe(429);
    expect(errorOf(parts).error.code).toBe('rate_limited');
  });
});

describe('decodeOpenAIResponsesStream: edge cases', () => {
  const created = sseEvent('response.created', { response: { id: 'resp_1', model: 'gpt-5', output: [] } });
  const completed = (output: unknown[] = []): ReturnType<typeof sseEvent> =>
    sseEvent('response.completed', { response: { id: 'resp_1', status: 'completed', output } });

  it('two summary parts are joined by a blank line', async () => {
    const item = { id: 'rs_1', type: 'reasoning', summary: [] };
    const { parts } = await decodeEvents([
      created,
      sseEvent('response.output_item.added', { output_index: 0, item }),
      sseEvent('response.reasoning_summary_part.added', { output_index: 0, summary_index: 0 }),
      sseEvent('response.reasoning_summary_text.delta', { output_index: 0, summary_index: 0, delta: 'One.' }),
      sseEvent('response.reasoning_summary_part.added', { output_index: 0, summary_index: 1 }),
      sseEvent('response.reasoning_summary_text.delta', { output_index: 0, summary_index: 1, delta: 'Two.' }),
      sseEvent('response.output_item.done', { output_index: 0, item: { ...item, encrypted_content: 'enc' } }),
      completed(),
    ]);
    expect(deltaText(parts, 'reasoning-delta')).toBe('One.\n\nTwo.');
  });

  it('items that arrive only whole (no deltas) are passed on whole', async () => {
    const { parts } = await decodeEvents([
      created,
      sseEvent('response.output_item.done', {
        output_index: 0,
        item: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hi' }],
        },
      }),
      sseEvent('response.output_item.done', {
        output_index: 1,
        item: { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{"x":1}' },
      }),
      completed(),
    ]);
    expect(deltaText(parts, 'text-delta')).toBe('Hi');
    expect(toolCallsOf(parts)).toEqual([{ id: 'call_1', name: 'f', input: { x: 1 } }]);
    expect(finishOf(parts).finishReason).toBe('tool-use');
  });

  it('maps shortened tool names back, and gives argument-less calls {}', async () => {
    const exchange = {
      toolNames: new Map([['mcp_fs_read_12345678', 'mcp.fs.read']]),
      providerId: 'openai',
      model: 'm',
    };
    const item = {
      id: 'fc_1',
      type: 'function_call',
      call_id: 'call_1',
      name: 'mcp_fs_read_12345678',
      arguments: '',
    };
    const { parts } = await decodeEvents(
      [
        created,
        sseEvent('response.output_item.added', { output_index: 0, item }),
        sseEvent('response.output_item.done', { output_index: 0, item }),
        completed(),
      ],
      exchange,
    );
    expect(toolCallsOf(parts)).toEqual([{ id: 'call_1', name: 'mcp.fs.read', input: {} }]);
  });

  it('hosted tool items become opaque blocks', async () => {
    const item = { id: 'ws_1', type: 'web_search_call', status: 'completed' };
    const { parts } = await decodeEvents([
      created,
      sseEvent('response.output_item.done', { output_index: 0, item }),
      completed(),
    ]);
    expect(parts[1]).toEqual({ type: 'opaque-block', index: 0, format: 'openai-responses', value: item });
  });

  it('a stream cut before response.completed ends with an error', async () => {
    const { parts } = await decodeEvents([created, sseEvent('response.output_text.delta', { delta: 'Hi' })]);
    expect(errorOf(parts).error.message).toBe("Upstream 'openai' ended the stream before it finished.");
  });

  it('a refusal → text and finish reason refusal', async () => {
    const { parts } = await decodeEvents([
      created,
      sseEvent('response.content_part.added', {
        output_index: 0,
        content_index: 0,
        part: { type: 'refusal', refusal: '' },
      }),
      sseEvent('response.refusal.delta', { output_index: 0, content_index: 0, delta: "I can't help." }),
      sseEvent('response.content_part.done', { output_index: 0, content_index: 0 }),
      completed(),
    ]);
    expect(deltaText(parts, 'text-delta')).toBe("I can't help.");
    expect(finishOf(parts).finishReason).toBe('refusal');
  });
});
