// Resolves a scripted completion into a plan (ids, defaults, usage) and renders it as "The chat completion
// object" (https://platform.openai.com/docs/api-reference/chat/object), the non-streaming response body of
// "Create chat completion". The streamed rendering of the same plan is in openai-chat-build-chunks.ts.
import type {
  FakeOpenAIChatFinishReason,
  FakeOpenAIChatMessageReply,
  FakeOpenAIChatUsage,
  FakeOpenAIChatUsageOverrides,
} from './fake-openai-chat-reply.js';

/** `system_fingerprint` of every completion and chunk (the reference's examples all carry one). */
export const FAKE_SYSTEM_FINGERPRINT = 'fp_fake';

/** A reasoning trace kept apart from `content`, in a provider's extension field. */
export interface OpenAIChatSeparateReasoning {
  field: 'reasoning_content' | 'reasoning';
  text: string;
}

/** A tool call with its id resolved. `arguments` is the raw (possibly malformed) string. */
export interface OpenAIChatPlannedToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A fully resolved completion: what {@link buildChatCompletionJson} and the chunk builder render. */
export interface OpenAIChatCompletionPlan {
  /** `chatcmpl-fake-<n>`, the same in every chunk. */
  id: string;
  /** Unix time in seconds, the same in every chunk. */
  created: number;
  /** Echo of the request's `model`. */
  model: string;
  /** Final `message.content`: `<think>` tags included in think-tags mode; null when only tool calls. */
  content: string | null;
  /** A reasoning trace in `reasoning_content` or `reasoning`; undefined when none or in think-tags mode. */
  reasoning: OpenAIChatSeparateReasoning | undefined;
  toolCalls: OpenAIChatPlannedToolCall[];
  finishReason: FakeOpenAIChatFinishReason;
  usage: FakeOpenAIChatUsage;
  /** Leave `usage` out of the JSON body and skip the usage chunk. */
  omitUsage: boolean;
}

/** What {@link planChatCompletion} needs besides the reply: the completion number, model and prompt size. */
export interface PlanChatCompletionInput {
  /** Sequence number of this completion on the fake (1, 2, …): names `chatcmpl-fake-<n>`, `call_fake_<n>_<i>`. */
  completionNumber: number;
  model: string;
  /** `prompt_tokens` before overrides: ceil(request body characters / 4). */
  promptTokens: number;
}

/**
 * Resolves defaults: content `null` with tool calls else `''` (think tags prepended in think-tags mode),
 * tool call ids `call_fake_<n>_<index>`, finish reason `tool_calls` with tool calls else `stop`, and usage
 * per {@link computeUsage}.
 */
export function planChatCompletion(
  reply: FakeOpenAIChatMessageReply,
  input: PlanChatCompletionInput,
): OpenAIChatCompletionPlan {
  const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_fake_${input.completionNumber}_${index}`,
    name: call.name,
    arguments: call.arguments,
  }));
  const reasoning = reply.reasoning;
  const thinkPrefix = reasoning?.field === 'think-tags' ? `<think>${reasoning.text}</think>` : '';
  const scriptedContent = reply.content ?? (toolCalls.length > 0 && thinkPrefix === '' ? null : '');
  const content = scriptedContent === null ? null : thinkPrefix + scriptedContent;
  const separate =
    reasoning === undefined || reasoning.field === 'think-tags'
      ? undefined
      : { field: reasoning.field, text: reasoning.text };
  const outputCharacters =
    (content?.length ?? 0) +
    (separate?.text.length ?? 0) +
    toolCalls.reduce((sum, call) => sum + call.name.length + call.arguments.length, 0);
  return {
    id: `chatcmpl-fake-${input.completionNumber}`,
    created: Math.floor(Date.now() / 1000),
    model: input.model,
    content,
    reasoning: separate,
    toolCalls,
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage: computeUsage({
      promptTokens: input.promptTokens,
      outputCharacters,
      reasoningCharacters: reasoning?.text.length ?? 0,
      overrides: reply.usage,
    }),
    omitUsage: reply.omitUsage ?? false,
  };
}

/** What {@link computeUsage} counts: prompt tokens, output and reasoning characters, scripted overrides. */
export interface ComputeUsageInput {
  promptTokens: number;
  /** Characters of content, separate reasoning and tool call names + arguments. */
  outputCharacters: number;
  reasoningCharacters: number;
  overrides?: FakeOpenAIChatUsageOverrides | undefined;
}

/**
 * A deterministic stand-in for a tokenizer: `completion_tokens` = ceil(output characters / 4) (reasoning
 * included, as the reference's `completion_tokens_details.reasoning_tokens` is a part of it),
 * `reasoning_tokens` = ceil(reasoning characters / 4), other details 0, `total_tokens` the sum; each
 * overridable. Returns integer token counts.
 */
export function computeUsage(input: ComputeUsageInput): FakeOpenAIChatUsage {
  const overrides = input.overrides ?? {};
  const promptTokens = overrides.prompt_tokens ?? input.promptTokens;
  const completionTokens = overrides.completion_tokens ?? Math.ceil(input.outputCharacters / 4);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: overrides.total_tokens ?? promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0, ...overrides.prompt_tokens_details },
    completion_tokens_details: {
      reasoning_tokens: Math.ceil(input.reasoningCharacters / 4),
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
      ...overrides.completion_tokens_details,
    },
  };
}

/**
 * The non-streaming response body, keyed as "The chat completion object" example: `id`, `object`,
 * `created`, `model`, `choices[{index, message{role, content, refusal, annotations, tool_calls?,
 * reasoning_content | reasoning?}, logprobs, finish_reason}]`, `usage`, `service_tier`, `system_fingerprint`.
 */
export function buildChatCompletionJson(plan: OpenAIChatCompletionPlan): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: plan.content,
    refusal: null,
    annotations: [],
  };
  if (plan.reasoning !== undefined) message[plan.reasoning.field] = plan.reasoning.text;
  if (plan.toolCalls.length > 0) {
    message['tool_calls'] = plan.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  const completion: Record<string, unknown> = {
    id: plan.id,
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finishReason }],
  };
  if (!plan.omitUsage) completion['usage'] = plan.usage;
  completion['service_tier'] = 'default';
  completion['system_fingerprint'] = FAKE_SYSTEM_FINGERPRINT;
  return completion;
}
