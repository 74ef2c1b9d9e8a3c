import { describe, expect, it } from 'vitest';
import type { IrFinishReason } from '../../ir/finish-reason.js';
import {
  decodeGeminiFinishReason,
  encodeGeminiFinishReason,
  type GeminiFinishReason,
} from './map-finish-reason.js';

describe('decodeGeminiFinishReason', () => {
  it.each([
    ['STOP', false, 'end-turn'],
    ['STOP', true, 'tool-use'],
    [undefined, false, 'end-turn'],
    [null, true, 'tool-use'],
    ['MAX_TOKENS', false, 'max-tokens'],
    ['MAX_TOKENS', true, 'max-tokens'],
    ['SAFETY', false, 'refusal'],
    ['RECITATION', false, 'refusal'],
    ['LANGUAGE', false, 'refusal'],
    ['BLOCKLIST', false, 'refusal'],
    ['PROHIBITED_CONTENT', false, 'refusal'],
    ['SPII', false, 'refusal'],
    ['IMAGE_SAFETY', false, 'refusal'],
    ['MALFORMED_FUNCTION_CALL', false, 'other'],
    ['UNEXPECTED_TOOL_CALL', false, 'other'],
    ['TOO_MANY_TOOL_CALLS', false, 'other'],
    ['OTHER', false, 'other'],
    ['FINISH_REASON_UNSPECIFIED', false, 'other'],
    ['SOMETHING_NEW', false, 'other'],
  ] as const)('%s (calls: %s) → %s', (wire, hasToolCalls, ir) => {
    expect(decodeGeminiFinishReason(wire, hasToolCalls)).toBe(ir);
  });
});

describe('encodeGeminiFinishReason', () => {
  it.each([
    ['end-turn', 'STOP'],
    ['stop-sequence', 'STOP'],
    ['tool-use', 'STOP'],
    ['pause-turn', 'STOP'],
    ['max-tokens', 'MAX_TOKENS'],
    ['context-exceeded', 'MAX_TOKENS'],
    ['refusal', 'SAFETY'],
    ['other', 'OTHER'],
  ] as [IrFinishReason, GeminiFinishReason][])('%s → %s', (ir, wire) => {
    expect(encodeGeminiFinishReason(ir)).toBe(wire);
  });
});
