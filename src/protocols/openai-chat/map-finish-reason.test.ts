import { describe, expect, it } from 'vitest';
import type { IrFinishReason } from '../../ir/finish-reason.js';
import { decodeFinishReason, encodeFinishReason, type FinishContext } from './map-finish-reason.js';

const plain: FinishContext = { hasToolCalls: false };

describe('decodeFinishReason', () => {
  it.each<[string | undefined, FinishContext, IrFinishReason]>([
    ['stop', plain, 'end-turn'],
    ['stop', { hasToolCalls: false, matchedStop: 'END' }, 'stop-sequence'],
    ['stop', { hasToolCalls: true }, 'tool-use'],
    ['stop', { hasToolCalls: false, refused: true }, 'refusal'],
    ['length', plain, 'max-tokens'],
    ['length', { hasToolCalls: true }, 'max-tokens'],
    ['tool_calls', plain, 'tool-use'],
    ['tool_calls', { hasToolCalls: true }, 'tool-use'],
    ['function_call', plain, 'tool-use'],
    ['content_filter', plain, 'refusal'],
    ['eos', plain, 'end-turn'],
    [undefined, plain, 'end-turn'],
    [undefined, { hasToolCalls: true }, 'tool-use'],
    ['error', plain, 'other'],
    ['something_new', plain, 'other'],
  ])('%j with %j → %s', (wire, context, expected) => {
    expect(decodeFinishReason(wire, context)).toBe(expected);
  });
});

describe('encodeFinishReason', () => {
  it.each<[IrFinishReason, string]>([
    ['end-turn', 'stop'],
    ['stop-sequence', 'stop'],
    ['max-tokens', 'length'],
    ['tool-use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause-turn', 'stop'],
    ['context-exceeded', 'length'],
    ['other', 'stop'],
  ])('%s → %s', (ir, wire) => {
    expect(encodeFinishReason(ir)).toBe(wire);
  });

  it.each<IrFinishReason>(['end-turn', 'max-tokens', 'tool-use', 'refusal'])(
    '%s survives encode → decode',
    (ir) => {
      expect(decodeFinishReason(encodeFinishReason(ir), { hasToolCalls: ir === 'tool-use' })).toBe(ir);
    },
  );
});
