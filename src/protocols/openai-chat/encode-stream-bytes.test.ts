import { describe, expect, it } from 'vitest';
import { AWKWARD_TEXTS as AWKWARD } from '../../../test/support/awkward-texts.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { ClientExchange } from '../protocol.js';
import { createOpenAIChatStreamEncoder } from './encode-stream.js';

const NOW = (): number => 1_700_000_000_123;
const CREATED = 1_700_000_000;

/**
 * The chunk as the encoder wrote it before the head was precomputed: one `JSON.stringify` of the
 * whole object. The precomputed head must give exactly these bytes.
 */
function reference(
  id: string,
  model: string,
  includeUsage: boolean,
  delta: Record<string, unknown>,
  finishReason: string | null = null,
): string {
  const chunk: Record<string, unknown> = {
    id,
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
  if (includeUsage) chunk.usage = null;
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

describe('createOpenAIChatStreamEncoder: bytes', () => {
  for (const includeUsage of [false, true]) {
    for (const text of AWKWARD) {
      it(`writes what JSON.stringify wrote (includeUsage ${String(includeUsage)}, ${JSON.stringify(text)})`, () => {
        const client: ClientExchange = { requestedModel: 'alias "x"', includeUsage };
        const encoder = createOpenAIChatStreamEncoder(client, { now: NOW });
        // Before response-start: the placeholder id and the client's model.
        expect(encoder.push({ type: 'text-delta', index: 0, text })).toBe(
          reference('chatcmpl-unknown', 'alias "x"', includeUsage, { content: text }),
        );
        const id = `chatcmpl-${text}`;
        expect(encoder.push({ type: 'response-start', id, model: `m ${text}` })).toBe(
          reference(id, `m ${text}`, includeUsage, { role: 'assistant', content: '' }),
        );
        expect(encoder.push({ type: 'text-delta', index: 0, text })).toBe(
          reference(id, `m ${text}`, includeUsage, { content: text }),
        );
        expect(encoder.push({ type: 'reasoning-delta', index: 0, text })).toBe(
          reference(id, `m ${text}`, includeUsage, { reasoning_content: text }),
        );
        expect(encoder.push({ type: 'tool-input-start', index: 1, id: `call ${text}`, name: text })).toBe(
          reference(id, `m ${text}`, includeUsage, {
            tool_calls: [
              { index: 0, id: `call ${text}`, type: 'function', function: { name: text, arguments: '' } },
            ],
          }),
        );
        expect(encoder.push({ type: 'tool-input-delta', index: 1, json: text })).toBe(
          reference(id, `m ${text}`, includeUsage, {
            tool_calls: [{ index: 0, function: { arguments: text } }],
          }),
        );
        const finish: IrStreamPart = {
          type: 'finish',
          finishReason: 'tool-use',
          usage: { inputTokens: 3, outputTokens: 4, cacheReadInputTokens: 1, cacheCreationInputTokens: 0 },
        };
        const written = encoder.push(finish);
        expect(written.startsWith(reference(id, `m ${text}`, includeUsage, {}, 'tool_calls'))).toBe(true);
        if (includeUsage) {
          // The usage chunk's fields are map-usage's; only the envelope is checked byte for byte here.
          const usageLine = written.split('\n\n')[1] ?? '';
          const parsed = JSON.parse(usageLine.slice('data: '.length)) as Record<string, unknown>;
          expect(`${usageLine}\n\n`).toBe(
            `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: CREATED, model: `m ${text}`, choices: [], usage: parsed.usage })}\n\n`,
          );
        }
        expect(written.endsWith('data: [DONE]\n\n')).toBe(true);
        expect(encoder.ended).toBe(true);
        expect(encoder.push({ type: 'text-delta', index: 0, text: 'late' })).toBe('');
        expect(encoder.end()).toBe('');
      });
    }
  }

  it('ends a stream that ran out with an error event, once', () => {
    const encoder = createOpenAIChatStreamEncoder({ requestedModel: 'm', includeUsage: false }, { now: NOW });
    const text = encoder.end();
    expect(JSON.parse(text.slice('data: '.length))).toMatchObject({ error: { code: 'upstream_error' } });
    expect(encoder.ended).toBe(true);
    expect(encoder.end()).toBe('');
  });
});
