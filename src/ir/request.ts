import type { IrExtensions } from './extensions.js';
import type { IrMessage } from './message.js';
import type { IrTextPart } from './part.js';
import type { IrTool, IrToolChoice } from './tool.js';

/**
 * Extended thinking requested by the client: Anthropic `thinking` (`enabled` with
 * `budget_tokens`, `adaptive`, `disabled`); OpenAI `reasoning_effort` and Gemini
 * `thinkingConfig` map onto it (see each protocol's mapping table).
 */
export type IrThinking =
  | { readonly type: 'enabled'; readonly budgetTokens: number }
  | { readonly type: 'adaptive' }
  | { readonly type: 'disabled' };

/**
 * Reasoning effort: Anthropic `output_config.effort` (low, medium, high, max), OpenAI
 * `reasoning_effort` / `reasoning.effort` (none, minimal, low, medium, high, xhigh).
 */
export type IrEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** A canonical generation request. */
export interface IrRequest {
  /** The model as the client named it (resolution happens on the IR, not here). */
  readonly model: string;
  /** Leading system prompt (Anthropic `system`; OpenAI system/developer messages before the first turn). */
  readonly system: readonly IrTextPart[];
  /** The conversation; may contain `system` messages mid-way. */
  readonly messages: readonly IrMessage[];
  readonly tools: readonly IrTool[];
  readonly toolChoice?: IrToolChoice | undefined;
  /** Output token limit (tokens); absent when the client set none (OpenAI allows that). */
  readonly maxTokens?: number | undefined;
  readonly temperature?: number | undefined;
  readonly topP?: number | undefined;
  readonly topK?: number | undefined;
  readonly stopSequences: readonly string[];
  readonly stream: boolean;
  readonly thinking?: IrThinking | undefined;
  readonly effort?: IrEffort | undefined;
  /** End-user id (Anthropic `metadata.user_id`, OpenAI `user`). */
  readonly userId?: string | undefined;
  /** Format-only fields (Anthropic `context_management`, OpenAI `response_format`, …). */
  readonly extensions: IrExtensions;
}
