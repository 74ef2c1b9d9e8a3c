import type { IrFinishReason } from '../../ir/finish-reason.js';

/** `incomplete_details.reason` values (reference: `Response.IncompleteDetails`). */
export type OpenAIResponsesIncompleteReason = 'max_output_tokens' | 'content_filter';

/** How a response ended, on the wire. */
export interface OpenAIResponsesEnding {
  readonly status: 'completed' | 'incomplete';
  readonly incomplete_details: { readonly reason: OpenAIResponsesIncompleteReason } | null;
}

/** What else the decoder knows when it maps a response's status. */
export interface ResponsesFinishContext {
  /** The output holds at least one function call. */
  readonly hasToolCalls: boolean;
  /** The output holds a `refusal` part. */
  readonly refused?: boolean | undefined;
}

/**
 * Upstream `status` + `incomplete_details.reason` → IR finish reason.
 *
 * | status                  | reason                             | IR                              |
 * |-------------------------|------------------------------------|---------------------------------|
 * | `completed` (or none)   |                                    | `tool-use` with function calls, `refusal` with a refusal part, else `end-turn` |
 * | `incomplete`            | `max_output_tokens` (`max_tokens` in older reference examples) | `max-tokens` |
 * | `incomplete`            | `content_filter`                   | `refusal`                       |
 * | `incomplete`            | anything else                      | `other`                         |
 * | `failed`, `cancelled`, other |                               | `other`                         |
 *
 * Source: OpenAI API reference, "The response object" (`status`, `incomplete_details`).
 * @param status the response's `status`
 * @param reason `incomplete_details.reason`
 */
export function decodeResponsesFinishReason(
  status: string | undefined,
  reason: string | undefined,
  context: ResponsesFinishContext,
): IrFinishReason {
  switch (status) {
    case undefined:
    case 'completed':
      if (context.hasToolCalls) return 'tool-use';
      return context.refused === true ? 'refusal' : 'end-turn';
    case 'incomplete':
      if (reason === 'max_output_tokens' || reason === 'max_tokens') return 'max-tokens';
      return reason === 'content_filter' ? 'refusal' : 'other';
    default:
      return 'other';
  }
}

/**
 * IR finish reason → how the client's response ends.
 *
 * | IR                                  | status       | incomplete_details.reason |
 * |-------------------------------------|--------------|---------------------------|
 * | `end-turn`, `stop-sequence`, `tool-use`, `pause-turn`, `other` | `completed` | — |
 * | `max-tokens`, `context-exceeded`    | `incomplete` | `max_output_tokens`       |
 * | `refusal`                           | `incomplete` | `content_filter`          |
 *
 * Source: OpenAI API reference, "The response object" (`status`, `incomplete_details`),
 * "Streaming events" (`response.incomplete`).
 */
export function encodeResponsesFinishReason(finishReason: IrFinishReason): OpenAIResponsesEnding {
  switch (finishReason) {
    case 'end-turn':
    case 'stop-sequence':
    case 'tool-use':
    case 'pause-turn':
    case 'other':
      return { status: 'completed', incomplete_details: null };
    case 'max-tokens':
    case 'context-exceeded':
      return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
    case 'refusal':
      return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
    default: {
      const unknown: never = finishReason;
      throw new Error(`Unknown finish reason ${String(unknown)}`);
    }
  }
}
