import type { IrFinishReason } from '../../ir/finish-reason.js';

/** The `finishReason` values this gateway sends to Gemini clients (a subset of the API's `FinishReason`). */
export type GeminiFinishReason = 'STOP' | 'MAX_TOKENS' | 'SAFETY' | 'OTHER';

/** Upstream `finishReason` values that mean the answer was withheld or cut by a content filter. */
const REFUSAL_REASONS: ReadonlySet<string> = new Set([
  'SAFETY',
  'RECITATION',
  'LANGUAGE',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/**
 * Upstream `finishReason` → IR finish reason.
 *
 * | finishReason                                                        | IR                 |
 * |---------------------------------------------------------------------|--------------------|
 * | `STOP`                                                              | `tool-use` when the answer has function calls (the API says STOP for them), else `end-turn` (a matched stop sequence is not reported apart) |
 * | `MAX_TOKENS`                                                        | `max-tokens`       |
 * | `SAFETY`, `RECITATION`, `LANGUAGE`, `BLOCKLIST`, `PROHIBITED_CONTENT`, `SPII`, `IMAGE_SAFETY`, `IMAGE_PROHIBITED_CONTENT`, `IMAGE_RECITATION` | `refusal` |
 * | `MALFORMED_FUNCTION_CALL`, `UNEXPECTED_TOOL_CALL`, `TOO_MANY_TOOL_CALLS`, `OTHER`, `FINISH_REASON_UNSPECIFIED`, unknown | `other` |
 * | missing (a stream's earlier chunks, or a body without it)           | as `STOP`          |
 *
 * Source: Gemini API reference, "Generating content" (`Candidate.FinishReason`); js-genai `FinishReason`.
 * @param finishReason the upstream's value
 * @param hasToolCalls the answer contains at least one function call
 */
export function decodeGeminiFinishReason(
  finishReason: string | null | undefined,
  hasToolCalls: boolean,
): IrFinishReason {
  if (finishReason == null || finishReason === 'STOP') return hasToolCalls ? 'tool-use' : 'end-turn';
  if (finishReason === 'MAX_TOKENS') return 'max-tokens';
  if (REFUSAL_REASONS.has(finishReason)) return 'refusal';
  return 'other';
}

/**
 * IR finish reason → `finishReason` for a Gemini client.
 *
 * | IR                                                     | finishReason |
 * |--------------------------------------------------------|--------------|
 * | `end-turn`, `stop-sequence`, `tool-use`, `pause-turn`  | `STOP` (Gemini ends function-calling turns with STOP) |
 * | `max-tokens`, `context-exceeded`                       | `MAX_TOKENS` |
 * | `refusal`                                              | `SAFETY`     |
 * | `other`                                                | `OTHER`      |
 *
 * Source: Gemini API reference, "Generating content" (`Candidate.FinishReason`).
 */
export function encodeGeminiFinishReason(finishReason: IrFinishReason): GeminiFinishReason {
  switch (finishReason) {
    case 'end-turn':
    case 'stop-sequence':
    case 'tool-use':
    case 'pause-turn':
      return 'STOP';
    case 'max-tokens':
    case 'context-exceeded':
      return 'MAX_TOKENS';
    case 'refusal':
      return 'SAFETY';
    case 'other':
      return 'OTHER';
    default: {
      const unknown: never = finishReason;
      throw new Error(`Unknown finish reason ${String(unknown)}`);
    }
  }
}
