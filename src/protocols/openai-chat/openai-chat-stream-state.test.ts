import { describe, expect, it } from 'vitest';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { IrWarning } from '../../ir/warning.js';
import type { SseEvent } from '../../upstream/sse-decode.js';
import { EXCHANGE } from './__fixtures__/stream-test-support.js';
import { OpenAIChatStreamState } from './openai-chat-stream-state.js';
import { openAIChatChunkSchema } from './wire-upstream.js';

const FINISH = { id: 'chatcmpl-t', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };

function decode(chunks: readonly unknown[]): { parts: IrStreamPart[]; warnings: IrWarning[] } {
  const warnings: IrWarning[] = [];
  const state = new OpenAIChatStreamState(EXCHANGE, { onWarning: (warning) => warnings.push(warning) });
  const parts: IrStreamPart[] = [];
  for (const chunk of chunks) {
    const event: SseEvent = { event: undefined, data: JSON.stringify(chunk) };
    parts.push(...state.push(event));
  }
  parts.push(...state.end());
  return { parts, warnings };
}

/** Parts without the ids generated at random (missing answer ids). */
function stable(parts: readonly IrStreamPart[]): unknown {
  return JSON.parse(
    JSON.stringify(parts).replace(/chatcmpl-[0-9a-f-]{36}/g, 'chatcmpl-generated'),
  ) as unknown;
}

/**
 * Chunks the hand-checked hot path declines (a field of another type than the schema's, usage,
 * arguments as an object, …): they go through `openAIChatChunkSchema`, which drops or keeps what
 * it always did. Decoding the schema's output (a plain chunk, so the hot path) must give the same.
 */
const ODD_CHUNKS: readonly unknown[] = [
  { id: 5, choices: [{ index: 0, delta: { content: 'id is a number' } }] },
  { id: 'a', model: 7, choices: [{ index: 0, delta: { role: 5, content: 'model is a number' } }] },
  { id: 'a', choices: [{ index: 0, delta: { content: 5, reasoning: 'content is a number' } }] },
  {
    id: 'a',
    choices: [{ index: 0, delta: { tool_calls: [{ index: -1, id: 'c', function: { name: 'f' } }] } }],
  },
  {
    id: 'a',
    choices: [{ index: 0, delta: { tool_calls: [{ index: 0.5, id: 'c', function: { name: 'f' } }] } }],
  },
  {
    id: 'a',
    choices: [
      {
        index: 0,
        delta: { tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: { a: 1 } } }] },
      },
    ],
  },
  { id: 'a', choices: [{ index: 0, delta: { tool_calls: 'not an array' } }] },
  { id: 'a', choices: [1, { index: 0, delta: { content: 'a choice is not an object' } }] },
  { id: 'a', choices: 'not an array' },
  { id: 'a', choices: [{ index: '0', delta: { content: 'index is a string' } }] },
  { id: 'a', choices: [{ index: 0, delta: 'not an object' }] },
  { id: 'a', choices: [{ index: 0, delta: { content: 'x' }, finish_reason: 3 }] },
  { id: 'a', choices: [{ index: 0, delta: { content: 'x' }, usage: { prompt_tokens: 3 } }] },
  { id: 'a', choices: [], usage: { prompt_tokens: 3, completion_tokens: 'x' } },
  { id: 'a', choices: [], usage: { prompt_tokens: 3, prompt_tokens_details: { cached_tokens: '2' } } },
  { id: 'a', choices: [], usage: { prompt_tokens: 3, prompt_tokens_details: 'none' } },
  {
    id: 'a',
    choices: [],
    usage: { completion_tokens: 3, completion_tokens_details: { reasoning_tokens: [] } },
  },
  { id: 'a', choices: [], usage: 'lots' },
  {
    id: 'a',
    choices: [{ index: 0, delta: { content: 'x' }, usage: { prompt_tokens: -1, total_tokens: {} } }],
  },
];

describe('OpenAIChatStreamState: the hand-checked hot path', () => {
  it('takes plain chunks as the schema gives them', () => {
    const plain = [
      {
        id: 'a',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [{ index: 0, delta: { content: 'x' }, logprobs: null, finish_reason: null }],
      },
      {
        id: 'a',
        choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] } }],
      },
      {
        id: null,
        model: null,
        choices: [{ index: null, delta: { content: null, refusal: null }, stop_reason: 7 }],
        usage: null,
      },
      {
        id: 'a',
        choices: [],
        usage: {
          prompt_tokens: 9,
          completion_tokens: 4,
          total_tokens: 13,
          prompt_tokens_details: { cached_tokens: 2, audio_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 1 },
          cached_tokens: null,
        },
      },
      { id: 'a', choices: [{ index: 0, delta: {}, usage: { prompt_tokens: 1, completion_tokens: 2 } }] },
    ];
    for (const chunk of plain) expect(openAIChatChunkSchema.parse(chunk)).toEqual(chunk);
  });

  for (const [position, chunk] of ODD_CHUNKS.entries()) {
    it(`decodes odd chunk ${String(position)} as the schema reads it`, () => {
      const sanitized = openAIChatChunkSchema.safeParse(chunk);
      const viaSchema = decode([
        { id: 'a', choices: [{ index: 0, delta: { content: 'first ' } }] },
        chunk,
        FINISH,
      ]);
      const expected = sanitized.success
        ? decode([{ id: 'a', choices: [{ index: 0, delta: { content: 'first ' } }] }, sanitized.data, FINISH])
        : viaSchema;
      expect(stable(viaSchema.parts)).toEqual(stable(expected.parts));
      expect(viaSchema.warnings).toEqual(expected.warnings);
    });
  }

  it('skips chunks that are not objects with the same warning as before', () => {
    const { parts, warnings } = decode([
      [1, 2],
      { id: 'a', choices: [{ index: 0, delta: { content: 'ok' } }] },
      FINISH,
    ]);
    expect(parts.map((part) => part.type)).toContain('text-delta');
    expect(warnings).toEqual([
      {
        code: 'malformed-chunk',
        message: 'Stream chunks that were not chat completion chunks were skipped.',
      },
    ]);
  });
});
