import { describe, expect, it } from 'vitest';
import { AWKWARD_TEXTS as AWKWARD } from '../../../test/support/awkward-texts.js';
import { AnthropicStreamEncoder } from './anthropic-stream-encoder.js';

/** An event as the encoder wrote every event before its hot paths: `JSON.stringify` of the object. */
function reference(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

describe('AnthropicStreamEncoder: bytes of the hot paths', () => {
  for (const text of AWKWARD) {
    it(`writes what JSON.stringify wrote for ${JSON.stringify(text)}`, () => {
      const encoder = new AnthropicStreamEncoder({ requestedModel: 'm', includeUsage: false });
      encoder.push({ type: 'response-start', id: 'msg_1', model: 'claude' });
      const opened = encoder.push({ type: 'text-delta', index: 0, text });
      expect(
        opened.endsWith(
          reference('content_block_delta', {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'text_delta', text },
          }),
        ),
      ).toBe(true);
      expect(encoder.push({ type: 'text-delta', index: 0, text })).toBe(
        reference('content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text },
        }),
      );
      const thinking = encoder.push({ type: 'reasoning-delta', index: 1, text });
      expect(thinking).toBe(
        reference('content_block_stop', { type: 'content_block_stop', index: 0 }) +
          reference('content_block_start', {
            type: 'content_block_start',
            index: 1,
            content_block: { type: 'thinking', thinking: '', signature: '' },
          }) +
          reference('content_block_delta', {
            type: 'content_block_delta',
            index: 1,
            delta: { type: 'thinking_delta', thinking: text },
          }),
      );
      encoder.push({ type: 'reasoning-end', index: 1 });
      encoder.push({ type: 'tool-input-start', index: 2, id: 'toolu_1', name: 'get' });
      expect(encoder.push({ type: 'tool-input-delta', index: 2, json: text })).toBe(
        reference('content_block_delta', {
          type: 'content_block_delta',
          index: 2,
          delta: { type: 'input_json_delta', partial_json: text },
        }),
      );
      expect(encoder.push({ type: 'keep-alive' })).toBe(reference('ping', { type: 'ping' }));
      const finished = encoder.push({
        type: 'finish',
        finishReason: 'tool-use',
        usage: { inputTokens: 1, outputTokens: 2, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      });
      expect(
        finished.startsWith(reference('content_block_stop', { type: 'content_block_stop', index: 2 })),
      ).toBe(true);
      expect(finished.endsWith(reference('message_stop', { type: 'message_stop' }))).toBe(true);
      expect(encoder.ended).toBe(true);
      expect(encoder.end()).toBe('');
    });
  }
});
