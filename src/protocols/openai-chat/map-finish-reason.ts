import type { IrFinishReason } from '../../ir/finish-reason.js';

/** OpenAI `finish_reason` values (reference: "The chat completion object", `choices[].finish_reason`). */
export type OpenAIChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/** What else the decoder knows when it maps a `finish_reason`. */
export interface FinishContext {
  /** The answer holds at least one tool call. */
  readonly hasToolCalls: boolean;
  /** The stop string that matched (vLLM's `stop_reason`), when known. */
  readonly matchedStop?: string | undefined;
  /** The answer carried a `refusal`. */
  readonly refused?: boolean | undefined;
}

/**
 * Upstream `finish_reason` → IR finish reason.
 *
 * | finish_reason                | IR                                                             |
 * |------------------------------|----------------------------------------------------------------|
 * | `stop`                       | `tool-use` if the answer has tool calls (several servers say    |
 * |                              | `stop` there), `stop-sequence` if a stop string matched (vLLM   |
 * |                              | `stop_reason`), `refusal` if it carried a `refusal`, else       |
 * |                              | `end-turn`                                                      |
 * | `length`                     | `max-tokens`                                                    |
 * | `tool_calls`, `function_call`| `tool-use`                                                      |
 * | `content_filter`             | `refusal`                                                       |
 * | `eos` (Together)             | `end-turn` (or `tool-use` with tool calls)                      |
 * | missing / null               | `tool-use` with tool calls, else `end-turn`                     |
 * | anything else                | `other`                                                         |
 *
 * Source: OpenAI API reference, "The chat completion object" (`finish_reason`).
 * @param finishReason the upstream's value (any string, or undefined when it sent none)
 */
export function decodeFinishReason(finishReason: string | undefined, context: FinishContext): IrFinishReason {
  switch (finishReason) {
    case undefined:
    case 'eos':
    case 'stop':
      if (context.hasToolCalls) return 'tool-use';
      if (context.matchedStop !== undefined) return 'stop-sequence';
      if (context.refused === true) return 'refusal';
      return 'end-turn';
    case 'length':
      return 'max-tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool-use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'other';
  }
}

/**
 * IR finish reason → OpenAI `finish_reason`.
 *
 * | IR                 | finish_reason    | note                                            |
 * |--------------------|------------------|-------------------------------------------------|
 * | `end-turn`         | `stop`           |                                                 |
 * | `stop-sequence`    | `stop`           | OpenAI does not say which sequence matched      |
 * | `max-tokens`       | `length`         |                                                 |
 * | `tool-use`         | `tool_calls`     |                                                 |
 * | `refusal`          | `content_filter` |                                                 |
 * | `pause-turn`       | `stop`           | the turn ended for now; the client may continue |
 * | `context-exceeded` | `length`         | generation ran out of room, as with the limit   |
 * | `other`            | `stop`           |                                                 |
 *
 * Source: OpenAI API reference, "The chat completion object" (`finish_reason`).
 */
export function encodeFinishReason(finishReason: IrFinishReason): OpenAIChatFinishReason {
  switch (finishReason) {
    case 'end-turn':
    case 'stop-sequence':
    case 'pause-turn':
    case 'other':
      return 'stop';
    case 'max-tokens':
    case 'context-exceeded':
      return 'length';
    case 'tool-use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default: {
      const unknown: never = finishReason;
      throw new Error(`Unknown finish reason ${String(unknown)}`);
    }
  }
}
