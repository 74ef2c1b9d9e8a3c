import type { SwitchboardConfig, UpstreamConfig } from '../config/switchboard-config.js';
import type { IrMessage } from '../ir/message.js';
import type { IrPart } from '../ir/part.js';
import type { IrRequest } from '../ir/request.js';
import type { IrWarning } from '../ir/warning.js';
import type { ClaudeTier } from './resolve-model.js';
import { degradeOpaqueToolResults } from './degrade-opaque-tool-results.js';
import { signatureFamilyOf } from './signature-family.js';
import { DEFAULT_MAX_OUTPUT_TOKENS, outputLimitOf, thinkingAllowedFor } from './target-limits.js';

/** The target an IR request is adapted to. */
export interface AdaptTarget {
  readonly upstream: UpstreamConfig;
  /** The model id sent upstream. */
  readonly model: string;
  readonly tier?: ClaudeTier | undefined;
  readonly config: SwitchboardConfig;
}

/**
 * Adapts a decoded request to one upstream before its encoder runs (the translated path's twin
 * of `adaptAnthropicBody`):
 * - `model` → the upstream model; `maxTokens` clamped to the model's limit, and filled in
 *   (limit, else 8192) for Anthropic-format upstreams, which require it;
 * - per-tier thinking switch off → thinking and effort removed;
 * - other formats: Anthropic tool results with content the IR carries opaquely (`tool_reference`,
 *   …) become plain tool results, so no tool call loses its result;
 * - signature policy, for Anthropic-format upstreams: reasoning is sent back only when signed by
 *   the upstream's own family; redacted reasoning only to the family that made it; when the final
 *   tool turn loses its leading reasoning, thinking is off for the request. (OpenAI-format
 *   encoders never send signatures; they replay reasoning text only where the provider asks.)
 * @returns a new request and what was changed
 */
export function adaptRequest(
  request: IrRequest,
  target: AdaptTarget,
): { request: IrRequest; warnings: IrWarning[] } {
  const warnings: IrWarning[] = [];
  let adapted: IrRequest = { ...request, model: target.model };
  if (thinkingAllowedFor(target.config, target.tier) === false && (adapted.thinking || adapted.effort)) {
    adapted = { ...adapted, thinking: undefined, effort: undefined };
    warnings.push({ code: 'thinking-disabled', message: 'extended thinking is switched off for this tier' });
  }
  if (target.upstream.format === 'anthropic') {
    const family = signatureFamilyOf(target.upstream);
    const { messages, dropped } = keepOwnReasoning(adapted.messages, family);
    if (dropped > 0) {
      adapted = { ...adapted, messages };
      warnings.push({
        code: 'dropped-signature',
        message: `${dropped} reasoning block(s) not signed by '${family}' were not sent upstream`,
      });
    }
    if (
      adapted.thinking &&
      adapted.thinking.type !== 'disabled' &&
      finalToolTurnLacksReasoning(adapted.messages)
    ) {
      adapted = { ...adapted, thinking: undefined };
      warnings.push({
        code: 'thinking-disabled',
        message: 'the final tool-use turn has no verifiable reasoning; thinking is off',
      });
    }
  }
  if (target.upstream.format !== 'anthropic') {
    const { messages, degraded } = degradeOpaqueToolResults(adapted.messages);
    if (degraded > 0) {
      adapted = { ...adapted, messages };
      warnings.push({
        code: 'degraded-block',
        message: `${degraded} tool result(s) with Anthropic-only content sent as plain results`,
      });
    }
  }
  const limit = outputLimitOf(target.upstream, target.model);
  if (adapted.maxTokens !== undefined && limit !== undefined && adapted.maxTokens > limit) {
    warnings.push({
      code: 'clamped-max-tokens',
      message: `max_tokens ${adapted.maxTokens} clamped to the model's limit ${limit}`,
    });
    adapted = { ...adapted, maxTokens: limit };
  }
  if (adapted.maxTokens === undefined && target.upstream.format === 'anthropic') {
    adapted = { ...adapted, maxTokens: limit ?? DEFAULT_MAX_OUTPUT_TOKENS };
  }
  if (
    adapted.thinking?.type === 'enabled' &&
    adapted.maxTokens !== undefined &&
    adapted.thinking.budgetTokens >= adapted.maxTokens
  ) {
    const budget = adapted.maxTokens - 1;
    adapted = {
      ...adapted,
      thinking: budget >= 1024 ? { type: 'enabled', budgetTokens: budget } : undefined,
    };
  }
  return { request: adapted, warnings };
}

function keepOwnReasoning(
  messages: readonly IrMessage[],
  family: string,
): { messages: IrMessage[]; dropped: number } {
  let dropped = 0;
  const kept = messages.map((message) => {
    if (message.role !== 'assistant') return message;
    const content = message.content.filter((part) => {
      const keep = isOwnReasoning(part, family);
      if (!keep) dropped += 1;
      return keep;
    });
    return content.length === message.content.length ? message : { ...message, content };
  });
  return { messages: kept, dropped };
}

function isOwnReasoning(part: IrPart, family: string): boolean {
  if (part.type === 'reasoning')
    return part.signature !== undefined && part.signature.provider === family && part.signature.value !== '';
  if (part.type === 'redacted-reasoning') return part.provider === family;
  return true;
}

function finalToolTurnLacksReasoning(messages: readonly IrMessage[]): boolean {
  const last = messages.at(-1);
  const previous = messages.at(-2);
  if (!last || !previous || last.role !== 'user' || previous.role !== 'assistant') return false;
  if (!last.content.some((part) => part.type === 'tool-result')) return false;
  if (!previous.content.some((part) => part.type === 'tool-use')) return false;
  const first = previous.content[0]?.type;
  return first !== 'reasoning' && first !== 'redacted-reasoning';
}
