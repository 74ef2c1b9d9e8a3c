// Renders a completion plan as the chunk sequence of a streamed chat completion: "The chat completion chunk
// object" (https://platform.openai.com/docs/api-reference/chat/streaming) for content, the function calling
// guide's "Streaming" section (https://platform.openai.com/docs/guides/function-calling#streaming) for tool
// calls, and `stream_options.include_usage` ("Create chat completion") for the usage chunk.
import { splitIntoChunks } from './build-message-events.js';
import type { FakeOpenAIChatUsage } from './fake-openai-chat-reply.js';
import {
  FAKE_SYSTEM_FINGERPRINT,
  type OpenAIChatCompletionPlan,
  type OpenAIChatPlannedToolCall,
} from './openai-chat-build-completion.js';

/** How to cut and decorate the stream: piece sizes (characters) and the usage and tool-call switches. */
export interface BuildChunksOptions {
  /** Characters per `content` / reasoning delta. */
  chunkSize: number;
  /** Characters per `function.arguments` piece. */
  argumentsChunkSize: number;
  /** The request's `stream_options.include_usage` was true. */
  includeUsage: boolean;
  /** Every chunk carries running `usage` totals (a compatible-server quirk). */
  usageOnEveryChunk: boolean;
  /** `function.name` arrives in a fragment after the one carrying `id`. */
  toolCallNameLate: boolean;
  /** Fragments of parallel tool calls are sent round-robin by index. */
  interleaveToolCalls: boolean;
}

/** One chunk's delta and how many output characters it adds (for running usage). */
interface PlannedDelta {
  delta: Record<string, unknown>;
  characters: number;
}

/**
 * The `chat.completion.chunk` objects of a stream, in order (the caller adds `data: [DONE]`):
 * 1. `delta: {role: "assistant", content: ""}` as the reference's first example chunk;
 * 2. reasoning pieces in `delta.reasoning_content` or `delta.reasoning` (provider extensions);
 * 3. `delta.content` pieces of `chunkSize` characters (`<think>` tags included in think-tags mode);
 * 4. tool call fragments, one per chunk, per {@link buildToolCallFragments};
 * 5. `delta: {}` with `finish_reason`;
 * 6. with `include_usage` (and not `omitUsage`): `choices: []` and the usage; every other chunk then has
 *    `usage: null`, as the `include_usage` description says ("All other chunks will also include a usage
 *    field, but with a null value"). `usageOnEveryChunk` replaces those nulls with running totals.
 * Every chunk has the same `id`, `created`, `model` and `system_fingerprint`; each choice has `logprobs: null`.
 */
export function buildChatCompletionChunks(
  plan: OpenAIChatCompletionPlan,
  options: BuildChunksOptions,
): Record<string, unknown>[] {
  const deltas: PlannedDelta[] = [{ delta: { role: 'assistant', content: '' }, characters: 0 }];
  if (plan.reasoning !== undefined) {
    const field = plan.reasoning.field;
    for (const piece of splitIntoChunks(plan.reasoning.text, options.chunkSize)) {
      deltas.push({ delta: { [field]: piece }, characters: piece.length });
    }
  }
  for (const piece of splitIntoChunks(plan.content ?? '', options.chunkSize)) {
    deltas.push({ delta: { content: piece }, characters: piece.length });
  }
  for (const fragment of buildToolCallFragments(plan.toolCalls, options)) {
    deltas.push({ delta: { tool_calls: [fragment.fragment] }, characters: fragment.characters });
  }
  const sendUsageChunk = options.includeUsage && !plan.omitUsage;
  const chunks: Record<string, unknown>[] = [];
  let characters = 0;
  for (const { delta, characters: added } of deltas) {
    characters += added;
    const usage = options.usageOnEveryChunk ? runningUsage(plan.usage, characters) : null;
    chunks.push(buildChunk(plan, [choice(delta, null)], usage, sendUsageChunk || options.usageOnEveryChunk));
  }
  const finalUsage = options.usageOnEveryChunk ? plan.usage : null;
  const lastChoice = choice({}, plan.finishReason);
  chunks.push(buildChunk(plan, [lastChoice], finalUsage, sendUsageChunk || options.usageOnEveryChunk));
  if (sendUsageChunk) chunks.push(buildChunk(plan, [], plan.usage, true));
  return chunks;
}

/** One tool call fragment (`delta.tool_calls[]` item) and the output characters it carries. */
export interface ToolCallFragment {
  fragment: Record<string, unknown>;
  characters: number;
}

/**
 * The fragments of the tool calls, per the function calling guide: the first of each call carries `index`,
 * `id`, `type: "function"` and `function: {name, arguments: ""}` ("Many of these fields are only set for the
 * first delta of each tool call, like id, function.name, and type"); the rest carry `index` and a
 * `function.arguments` piece of `argumentsChunkSize` characters. With `toolCallNameLate` the first fragment
 * has `function: {arguments: ""}` only and the next one `function: {name}`. Calls follow each other, or
 * with `interleaveToolCalls` their fragments alternate by index.
 */
export function buildToolCallFragments(
  calls: readonly OpenAIChatPlannedToolCall[],
  options: Pick<BuildChunksOptions, 'argumentsChunkSize' | 'toolCallNameLate' | 'interleaveToolCalls'>,
): ToolCallFragment[] {
  const perCall = calls.map((call, index) => {
    const fragments: ToolCallFragment[] = [];
    const firstFunction = options.toolCallNameLate ? { arguments: '' } : { name: call.name, arguments: '' };
    fragments.push({
      fragment: { index, id: call.id, type: 'function', function: firstFunction },
      characters: options.toolCallNameLate ? 0 : call.name.length,
    });
    if (options.toolCallNameLate) {
      fragments.push({ fragment: { index, function: { name: call.name } }, characters: call.name.length });
    }
    for (const piece of splitIntoChunks(call.arguments, options.argumentsChunkSize)) {
      fragments.push({ fragment: { index, function: { arguments: piece } }, characters: piece.length });
    }
    return fragments;
  });
  if (!options.interleaveToolCalls) return perCall.flat();
  const interleaved: ToolCallFragment[] = [];
  const longest = Math.max(0, ...perCall.map((fragments) => fragments.length));
  for (let position = 0; position < longest; position += 1) {
    for (const fragments of perCall) {
      const fragment = fragments[position];
      if (fragment !== undefined) interleaved.push(fragment);
    }
  }
  return interleaved;
}

function choice(delta: Record<string, unknown>, finishReason: string | null): Record<string, unknown> {
  return { index: 0, delta, logprobs: null, finish_reason: finishReason };
}

function buildChunk(
  plan: OpenAIChatCompletionPlan,
  choices: Record<string, unknown>[],
  usage: FakeOpenAIChatUsage | null,
  withUsageField: boolean,
): Record<string, unknown> {
  const chunk: Record<string, unknown> = {
    id: plan.id,
    object: 'chat.completion.chunk',
    created: plan.created,
    model: plan.model,
    system_fingerprint: FAKE_SYSTEM_FINGERPRINT,
    choices,
  };
  if (withUsageField) chunk['usage'] = usage;
  return chunk;
}

/** The usage after `characters` output characters: completion tokens so far (capped at the final count). */
function runningUsage(final: FakeOpenAIChatUsage, characters: number): FakeOpenAIChatUsage {
  const completionTokens = Math.min(final.completion_tokens, Math.ceil(characters / 4));
  return {
    ...final,
    completion_tokens: completionTokens,
    total_tokens: final.prompt_tokens + completionTokens,
  };
}
