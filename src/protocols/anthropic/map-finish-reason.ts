import type { IrFinishReason } from '../../ir/finish-reason.js';
import type { AnthropicStopReason } from './wire.js';

const STOP_REASONS: ReadonlySet<string> = new Set<AnthropicStopReason>([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
]);

/**
 * Whether a wire value is one of the reference's stop reasons.
 * @param value a `stop_reason` as received (any JSON value)
 */
export function isAnthropicStopReason(value: unknown): value is AnthropicStopReason {
  return typeof value === 'string' && STOP_REASONS.has(value);
}

/**
 * Anthropic `stop_reason` → IR finish reason. Unknown values (newer API versions) and
 * `null` / absent become `other`.
 * Source: Anthropic API reference, "Messages" (response `stop_reason`).
 * @param stopReason the wire value, any JSON
 */
export function decodeAnthropicStopReason(stopReason: unknown): IrFinishReason {
  if (!isAnthropicStopReason(stopReason)) return 'other';
  switch (stopReason) {
    case 'end_turn':
      return 'end-turn';
    case 'max_tokens':
      return 'max-tokens';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'tool_use':
      return 'tool-use';
    case 'pause_turn':
      return 'pause-turn';
    case 'refusal':
      return 'refusal';
    case 'model_context_window_exceeded':
      return 'context-exceeded';
    default: {
      const unreachable: never = stopReason;
      return unreachable;
    }
  }
}

/**
 * IR finish reason → Anthropic `stop_reason`. `other` (a reason Anthropic has no word for)
 * becomes `end_turn`, the reason clients treat as a plain end of the answer.
 * Source: Anthropic API reference, "Messages" (response `stop_reason`).
 */
export function encodeAnthropicStopReason(finishReason: IrFinishReason): AnthropicStopReason {
  switch (finishReason) {
    case 'end-turn':
      return 'end_turn';
    case 'max-tokens':
      return 'max_tokens';
    case 'stop-sequence':
      return 'stop_sequence';
    case 'tool-use':
      return 'tool_use';
    case 'pause-turn':
      return 'pause_turn';
    case 'refusal':
      return 'refusal';
    case 'context-exceeded':
      return 'model_context_window_exceeded';
    case 'other':
      return 'end_turn';
    default: {
      const unreachable: never = finishReason;
      return unreachable;
    }
  }
}
