import { isDeepStrictEqual } from 'node:util';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrEffort, IrThinking } from '../../ir/request.js';
import { decodeReasoningEffort } from '../openai-chat/map-thinking.js';
import type { GeminiThinkingConfig } from './wire.js';

/** `thinkingBudget` meaning "the model decides" (dynamic thinking). */
export const GEMINI_DYNAMIC_THINKING_BUDGET = -1;

/** IR thinking and effort, as much of them as a `thinkingConfig` says. */
export interface DecodedGeminiThinking {
  readonly thinking?: IrThinking | undefined;
  readonly effort?: IrEffort | undefined;
}

type GeminiThinkingLevel = 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH';

/**
 * A client's `generationConfig.thinkingConfig` → IR thinking and effort.
 *
 * | thinkingConfig                      | IR                                                          |
 * |-------------------------------------|-------------------------------------------------------------|
 * | `thinkingBudget: 0`                 | thinking `disabled`                                         |
 * | `thinkingBudget: -1`                | thinking `adaptive` (dynamic)                               |
 * | `thinkingBudget: n` (n > 0)         | thinking `enabled`, `budgetTokens: n`                       |
 * | `thinkingLevel` MINIMAL/LOW/MEDIUM/HIGH | as OpenAI's `reasoning_effort` of the same name (`decodeReasoningEffort`): `enabled` with that level's budget (1024/2048/8192/24576) and effort minimal/low/medium/high |
 * | only `includeThoughts: true`        | thinking `adaptive` (the model's default thinking, made visible) |
 * | nothing of the above                | neither                                                      |
 *
 * `includeThoughts` itself has no IR field: encoders ask for thoughts whenever thinking is on.
 * Source: Gemini API reference, "Generating content" (`ThinkingConfig`: "0 is DISABLED. -1 is
 * AUTOMATIC"); Gemini API docs, "Gemini thinking" (thinking levels; budget and level are exclusive).
 * @throws InvalidRequestError when both `thinkingBudget` and `thinkingLevel` are set (the API refuses that too)
 */
export function decodeGeminiThinkingConfig(config: GeminiThinkingConfig | undefined): DecodedGeminiThinking {
  if (config === undefined) return {};
  const level =
    config.thinkingLevel === undefined || config.thinkingLevel === 'THINKING_LEVEL_UNSPECIFIED'
      ? undefined
      : config.thinkingLevel;
  const budget = config.thinkingBudget;
  if (budget !== undefined && level !== undefined) {
    throw new InvalidRequestError(
      'generationConfig.thinkingConfig: thinkingBudget and thinkingLevel cannot both be set; send one of them.',
    );
  }
  if (budget !== undefined) {
    if (budget === 0) return { thinking: { type: 'disabled' } };
    if (budget === GEMINI_DYNAMIC_THINKING_BUDGET) return { thinking: { type: 'adaptive' } };
    return { thinking: { type: 'enabled', budgetTokens: budget } };
  }
  if (level !== undefined) return decodeReasoningEffort(levelToEffort(level));
  return config.includeThoughts === true ? { thinking: { type: 'adaptive' } } : {};
}

/**
 * IR thinking and effort → `thinkingConfig` for a Gemini upstream.
 *
 * | IR                                   | thinkingConfig                                         |
 * |--------------------------------------|--------------------------------------------------------|
 * | the client's own `thinkingConfig` (Gemini clients), when it still decodes to the IR's thinking and effort | that, verbatim |
 * | thinking `disabled`                  | `{thinkingBudget: 0}`                                  |
 * | thinking `enabled`, n                | `{thinkingBudget: n, includeThoughts: true}`           |
 * | thinking `adaptive`                  | `{thinkingBudget: -1, includeThoughts: true}` (any effort is dropped: a budget works on 2.5 and 3 models, a level only on 3) |
 * | no thinking, effort `none`           | `{thinkingBudget: 0}`                                  |
 * | no thinking, other effort            | `{thinkingLevel, includeThoughts: true}`: minimal → MINIMAL, low → LOW, medium → MEDIUM, high/xhigh/max → HIGH |
 * | neither                              | omitted                                                |
 *
 * Source: Gemini API reference, "Generating content" (`ThinkingConfig`); "Gemini thinking" guide.
 * @param original `extensions.gemini._layout.thinkingConfig`, when the request came from a Gemini client
 * @returns the config to send, or `undefined` for none
 */
export function encodeGeminiThinkingConfig(
  thinking: IrThinking | undefined,
  effort: IrEffort | undefined,
  original?: GeminiThinkingConfig,
): GeminiThinkingConfig | undefined {
  if (original !== undefined && sameThinking(original, thinking, effort)) return original;
  if (thinking === undefined) {
    if (effort === undefined) return undefined;
    if (effort === 'none') return { thinkingBudget: 0 };
    return { thinkingLevel: effortToLevel(effort), includeThoughts: true };
  }
  switch (thinking.type) {
    case 'disabled':
      return { thinkingBudget: 0 };
    case 'enabled':
      return { thinkingBudget: thinking.budgetTokens, includeThoughts: true };
    case 'adaptive':
      return { thinkingBudget: GEMINI_DYNAMIC_THINKING_BUDGET, includeThoughts: true };
    default: {
      const unknown: never = thinking;
      throw new Error(`Unknown thinking ${JSON.stringify(unknown)}`);
    }
  }
}

function sameThinking(
  original: GeminiThinkingConfig,
  thinking: IrThinking | undefined,
  effort: IrEffort | undefined,
): boolean {
  let decoded: DecodedGeminiThinking;
  try {
    decoded = decodeGeminiThinkingConfig(original);
  } catch {
    return false;
  }
  return isDeepStrictEqual(decoded.thinking, thinking) && decoded.effort === effort;
}

function levelToEffort(level: GeminiThinkingLevel): 'minimal' | 'low' | 'medium' | 'high' {
  switch (level) {
    case 'MINIMAL':
      return 'minimal';
    case 'LOW':
      return 'low';
    case 'MEDIUM':
      return 'medium';
    case 'HIGH':
      return 'high';
    default: {
      const unknown: never = level;
      throw new Error(`Unknown thinking level ${String(unknown)}`);
    }
  }
}

function effortToLevel(effort: Exclude<IrEffort, 'none'>): GeminiThinkingLevel {
  switch (effort) {
    case 'minimal':
      return 'MINIMAL';
    case 'low':
      return 'LOW';
    case 'medium':
      return 'MEDIUM';
    case 'high':
    case 'xhigh':
    case 'max':
      return 'HIGH';
    default: {
      const unknown: never = effort;
      throw new Error(`Unknown effort ${String(unknown)}`);
    }
  }
}
