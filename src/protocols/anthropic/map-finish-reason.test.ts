import { describe, expect, it } from 'vitest';
import type { IrFinishReason } from '../../ir/finish-reason.js';
import { decodeAnthropicStopReason, encodeAnthropicStopReason } from './map-finish-reason.js';
import type { AnthropicStopReason } from './wire.js';

// Every `stop_reason` of the Anthropic API reference, "Messages" (response), and its IR reason.
const TABLE: readonly [AnthropicStopReason, IrFinishReason][] = [
  ['end_turn', 'end-turn'],
  ['max_tokens', 'max-tokens'],
  ['stop_sequence', 'stop-sequence'],
  ['tool_use', 'tool-use'],
  ['pause_turn', 'pause-turn'],
  ['refusal', 'refusal'],
  ['model_context_window_exceeded', 'context-exceeded'],
];

describe('map-finish-reason', () => {
  it.each(TABLE)('%s ↔ %s', (wire, ir) => {
    expect(decodeAnthropicStopReason(wire)).toBe(ir);
    expect(encodeAnthropicStopReason(ir)).toBe(wire);
  });

  it.each([null, undefined, 'a_future_reason', 42])('decodes %j as other', (value) => {
    expect(decodeAnthropicStopReason(value)).toBe('other');
  });

  it('encodes other as end_turn', () => {
    expect(encodeAnthropicStopReason('other')).toBe('end_turn');
  });
});
