import { z } from 'zod';

/**
 * Tolerant schemas of what OpenAI-format upstreams answer: every field optional and nullable,
 * unknown fields kept, so one provider's quirk does not fail a whole answer. Provider fields read
 * besides the reference: `reasoning_content` (DeepSeek, Kimi, vLLM), `reasoning` (OpenRouter,
 * Ollama), `stop_reason` (vLLM: the stop string that matched), `usage` inside a choice (Moonshot),
 * `prompt_cache_hit_tokens` (DeepSeek) and top-level `cached_tokens` (Moonshot).
 * Source: OpenAI API reference, "The chat completion object", "The chat completion chunk object";
 * openai-node `ChatCompletion`, `ChatCompletionChunk`, `CompletionUsage`.
 */

const count = z.number().nullish().catch(undefined);

/** `usage` (reference: `CompletionUsage`), tokens. */
export const openAIChatUsageSchema = z.looseObject({
  prompt_tokens: count,
  completion_tokens: count,
  total_tokens: count,
  prompt_tokens_details: z
    .looseObject({ cached_tokens: count, cache_write_tokens: count })
    .nullish()
    .catch(undefined),
  completion_tokens_details: z.looseObject({ reasoning_tokens: count }).nullish().catch(undefined),
  prompt_cache_hit_tokens: count,
  cached_tokens: count,
});

/** A usage object as upstreams send it. */
export type OpenAIChatUsage = z.infer<typeof openAIChatUsageSchema>;

/** `arguments` is a JSON string per the reference; some servers send the object itself. */
const argumentsSchema = z
  .union([z.string(), z.record(z.string(), z.unknown())])
  .nullish()
  .catch(undefined);

/** One `delta.tool_calls[]` fragment; `id`, `type` and `name` are `null` after the first fragment. */
export const openAIChatToolCallDeltaSchema = z.looseObject({
  index: z.number().int().nonnegative().nullish().catch(undefined),
  id: z.string().nullish().catch(undefined),
  type: z.string().nullish().catch(undefined),
  function: z
    .looseObject({ name: z.string().nullish().catch(undefined), arguments: argumentsSchema })
    .nullish()
    .catch(undefined),
});

/** A tool-call fragment as upstreams send it. */
export type OpenAIChatToolCallDelta = z.infer<typeof openAIChatToolCallDeltaSchema>;

const text = z.string().nullish().catch(undefined);

/** `choices[].delta` of a chunk. */
export const openAIChatDeltaSchema = z.looseObject({
  role: text,
  content: text,
  reasoning_content: text,
  reasoning: text,
  refusal: text,
  tool_calls: z.array(openAIChatToolCallDeltaSchema).nullish().catch(undefined),
});

/** `choices[]` of a chunk. */
export const openAIChatChunkChoiceSchema = z.looseObject({
  index: z.number().nullish().catch(undefined),
  delta: openAIChatDeltaSchema.nullish().catch(undefined),
  finish_reason: text,
  stop_reason: z.union([z.string(), z.number()]).nullish().catch(undefined),
  usage: openAIChatUsageSchema.nullish().catch(undefined),
});

/** One streamed chunk (`object: "chat.completion.chunk"`); `choices` is empty on the usage chunk. */
export const openAIChatChunkSchema = z.looseObject({
  id: text,
  model: text,
  created: z.number().nullish().catch(undefined),
  choices: z.array(openAIChatChunkChoiceSchema).nullish().catch(undefined),
  usage: openAIChatUsageSchema.nullish().catch(undefined),
});

/** A chunk as upstreams send it. */
export type OpenAIChatChunk = z.infer<typeof openAIChatChunkSchema>;

/** A text part of an array `content` (Mistral-style servers answer with arrays). */
const contentPartSchema = z.looseObject({ type: z.string().nullish(), text: z.string().nullish() });

/** `choices[].message` of a whole answer. */
export const openAIChatResponseMessageSchema = z.looseObject({
  role: text,
  content: z
    .union([z.string(), z.array(contentPartSchema)])
    .nullish()
    .catch(undefined),
  reasoning_content: text,
  reasoning: text,
  refusal: text,
  tool_calls: z.array(openAIChatToolCallDeltaSchema).nullish().catch(undefined),
});

/** A whole (non-streamed) answer (`object: "chat.completion"`). */
export const openAIChatResponseSchema = z.looseObject({
  id: text,
  model: text,
  created: z.number().nullish().catch(undefined),
  choices: z.array(
    z.looseObject({
      index: z.number().nullish().catch(undefined),
      message: openAIChatResponseMessageSchema,
      finish_reason: text,
      stop_reason: z.union([z.string(), z.number()]).nullish().catch(undefined),
    }),
  ),
  usage: openAIChatUsageSchema.nullish().catch(undefined),
});

/** A whole answer as upstreams send it. */
export type OpenAIChatResponse = z.infer<typeof openAIChatResponseSchema>;
