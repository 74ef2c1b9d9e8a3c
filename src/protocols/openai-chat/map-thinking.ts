import type { IrEffort, IrThinking } from '../../ir/request.js';
import type { OpenAIChatReasoningEffort } from './wire.js';

/**
 * Thinking budget (tokens) the IR gets for each `reasoning_effort`, so an Anthropic upstream
 * receives `thinking: {type: "enabled", budget_tokens}`. `none` disables thinking.
 *
 * | reasoning_effort | IR thinking                      | IR effort |
 * |------------------|----------------------------------|-----------|
 * | `none`           | `disabled`                       | `none`    |
 * | `minimal`        | `enabled`, 1024 (Anthropic's minimum) | `minimal` |
 * | `low`            | `enabled`, 2048                  | `low`     |
 * | `medium`         | `enabled`, 8192                  | `medium`  |
 * | `high`           | `enabled`, 24576                 | `high`    |
 * | `xhigh`          | `enabled`, 32768                 | `xhigh`   |
 * | `max`            | `enabled`, 65536                 | `max`     |
 */
export const REASONING_EFFORT_BUDGETS: Readonly<Record<Exclude<OpenAIChatReasoningEffort, 'none'>, number>> =
  {
    minimal: 1024,
    low: 2048,
    medium: 8192,
    high: 24576,
    xhigh: 32768,
    max: 65536,
  };

/** Below this budget (tokens) `enabled` thinking maps to `low`. */
export const LOW_EFFORT_BUDGET_LIMIT = 4096;
/** Below this budget (tokens) `enabled` thinking maps to `medium`; from it, `high`. */
export const MEDIUM_EFFORT_BUDGET_LIMIT = 16384;

/** Providers that take every `reasoning_effort` value; all others take only low/medium/high. */
const FULL_EFFORT_PROVIDERS: ReadonlySet<string> = new Set(['openai']);

/**
 * `reasoning_effort` → IR thinking and effort (table at `REASONING_EFFORT_BUDGETS`).
 * Source: OpenAI API reference, "Create chat completion" (`reasoning_effort`).
 */
export function decodeReasoningEffort(effort: OpenAIChatReasoningEffort): {
  thinking: IrThinking;
  effort: IrEffort;
} {
  if (effort === 'none') return { thinking: { type: 'disabled' }, effort: 'none' };
  return { thinking: { type: 'enabled', budgetTokens: REASONING_EFFORT_BUDGETS[effort] }, effort };
}

/**
 * IR thinking (Anthropic `thinking.budget_tokens`) → `reasoning_effort`.
 *
 * | IR                                      | reasoning_effort                                  |
 * |-----------------------------------------|---------------------------------------------------|
 * | thinking `disabled`                     | omitted (`none` to OpenAI when IR effort is `none`) |
 * | effort set (thinking enabled/adaptive/absent) | the effort, clamped for the provider        |
 * | `enabled`, budget < 4096                | `low`                                             |
 * | `enabled`, budget < 16384               | `medium`                                          |
 * | `enabled`, budget ≥ 16384               | `high`                                            |
 * | `adaptive`, no effort                   | `medium`                                          |
 * | neither thinking nor effort             | omitted                                           |
 *
 * Clamping for providers other than `openai` (they take low/medium/high): `none` → omitted,
 * `minimal` → `low`, `xhigh` / `max` → `high`.
 * @param providerId the upstream's provider id
 * @returns the value to send, or `undefined` to send none
 */
export function encodeReasoningEffort(
  thinking: IrThinking | undefined,
  effort: IrEffort | undefined,
  providerId: string,
): OpenAIChatReasoningEffort | undefined {
  const full = FULL_EFFORT_PROVIDERS.has(providerId);
  if (thinking?.type === 'disabled') return full && effort === 'none' ? 'none' : undefined;
  if (effort !== undefined) return full ? effort : clampEffort(effort);
  if (thinking === undefined) return undefined;
  switch (thinking.type) {
    case 'enabled':
      return budgetToReasoningEffort(thinking.budgetTokens);
    case 'adaptive':
      return 'medium';
    default: {
      const unknown: never = thinking;
      throw new Error(`Unknown thinking ${JSON.stringify(unknown)}`);
    }
  }
}

/** A thinking budget (tokens) → low / medium / high (< 4096, < 16384, else). */
export function budgetToReasoningEffort(budgetTokens: number): 'low' | 'medium' | 'high' {
  if (budgetTokens < LOW_EFFORT_BUDGET_LIMIT) return 'low';
  if (budgetTokens < MEDIUM_EFFORT_BUDGET_LIMIT) return 'medium';
  return 'high';
}

function clampEffort(effort: IrEffort): 'low' | 'medium' | 'high' | undefined {
  switch (effort) {
    case 'none':
      return undefined;
    case 'minimal':
    case 'low':
      return 'low';
    case 'medium':
      return 'medium';
    case 'high':
    case 'xhigh':
    case 'max':
      return 'high';
    default: {
      const unknown: never = effort;
      throw new Error(`Unknown effort ${String(unknown)}`);
    }
  }
}
