import { describe, expect, it } from 'vitest';
import type { IrFinishReason } from '../../ir/finish-reason.js';
import type { OpenAIResponsesEnding } from './map-finish-reason.js';
import { decodeResponsesFinishReason, encodeResponsesFinishReason } from './map-finish-reason.js';

describe('decodeResponsesFinishReason', () => {
  it.each<[string | undefined, string | undefined, boolean, boolean, IrFinishReason]>([
    ['completed', undefined, false, false, 'end-turn'],
    ['completed', undefined, true, false, 'tool-use'],
    ['completed', undefined, false, true, 'refusal'],
    [undefined, undefined, false, false, 'end-turn'],
    ['incomplete', 'max_output_tokens', false, false, 'max-tokens'],
    ['incomplete', 'max_tokens', true, false, 'max-tokens'],
    ['incomplete', 'content_filter', false, false, 'refusal'],
    ['incomplete', 'something_new', false, false, 'other'],
    ['cancelled', undefined, false, false, 'other'],
  ])(
    'status %s, reason %s, tool calls %s, refused %s → %s',
    (status, reason, hasToolCalls, refused, expected) => {
      expect(decodeResponsesFinishReason(status, reason, { hasToolCalls, refused })).toBe(expected);
    },
  );
});

describe('encodeResponsesFinishReason', () => {
  const completed: OpenAIResponsesEnding = { status: 'completed', incomplete_details: null };
  it.each<[IrFinishReason, OpenAIResponsesEnding]>([
    ['end-turn', completed],
    ['stop-sequence', completed],
    ['tool-use', completed],
    ['pause-turn', completed],
    ['other', completed],
    ['max-tokens', { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }],
    ['context-exceeded', { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }],
    ['refusal', { status: 'incomplete', incomplete_details: { reason: 'content_filter' } }],
  ])('%s', (reason, expected) => {
    expect(encodeResponsesFinishReason(reason)).toEqual(expected);
  });
});
