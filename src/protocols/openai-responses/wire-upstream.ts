import { z } from 'zod';

/**
 * Tolerant schemas of what OpenAI Responses upstreams answer: every field optional and nullable,
 * unknown fields kept, so one server's quirk does not fail a whole answer.
 * Source: OpenAI API reference, "The response object", "Streaming events"; openai-node
 * `Response`, `ResponseOutputItem`, `ResponseUsage`, `ResponseStreamEvent`.
 */

const count = z.number().nullish().catch(undefined);
const text = z.string().nullish().catch(undefined);
const index = z.number().int().nonnegative().nullish().catch(undefined);

/** `usage` (reference: `ResponseUsage`), tokens; `input_tokens` includes cached tokens. */
export const openAIResponsesUsageSchema = z.looseObject({
  input_tokens: count,
  output_tokens: count,
  total_tokens: count,
  input_tokens_details: z
    .looseObject({ cached_tokens: count, cache_write_tokens: count })
    .nullish()
    .catch(undefined),
  output_tokens_details: z.looseObject({ reasoning_tokens: count }).nullish().catch(undefined),
});

/** A usage object as upstreams send it. */
export type OpenAIResponsesUsage = z.infer<typeof openAIResponsesUsageSchema>;

const textListSchema = z
  .array(z.looseObject({ type: text, text, refusal: text }))
  .nullish()
  .catch(undefined);

/**
 * One `output[]` item: `message` (`content` of `output_text` / `refusal` parts), `function_call`
 * (`call_id`, `name`, `arguments`), `reasoning` (`summary`, `content`, `encrypted_content`), or
 * any other type (hosted tool calls), kept whole.
 */
export const openAIResponsesOutputItemSchema = z.looseObject({
  type: z.string(),
  id: text,
  status: text,
  role: text,
  content: textListSchema,
  call_id: text,
  name: text,
  arguments: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .nullish()
    .catch(undefined),
  summary: textListSchema,
  encrypted_content: text,
});

/** An output item as upstreams send it. */
export type OpenAIResponsesOutputItem = z.infer<typeof openAIResponsesOutputItemSchema>;

/** `error` of a failed response (reference: `ResponseError`). */
export const openAIResponsesErrorSchema = z.looseObject({
  code: z.union([z.string(), z.number()]).nullish().catch(undefined),
  message: text,
});

/** The response object (`object: "response"`). */
export const openAIResponsesResponseSchema = z.looseObject({
  id: text,
  model: text,
  status: text,
  error: openAIResponsesErrorSchema.nullish().catch(undefined),
  incomplete_details: z.looseObject({ reason: text }).nullish().catch(undefined),
  output: z.array(z.unknown()).nullish().catch(undefined),
  usage: openAIResponsesUsageSchema.nullish().catch(undefined),
});

/** A response object as upstreams send it. */
export type OpenAIResponsesResponse = z.infer<typeof openAIResponsesResponseSchema>;

/**
 * One stream event: `type` plus the fields the events of the reference carry (`sequence_number`,
 * `output_index`, `content_index`, `summary_index`, `item_id`, `item`, `part`, `delta`, `text`,
 * `arguments`, `response`; `code` / `message` on `error`).
 */
export const openAIResponsesStreamEventSchema = z.looseObject({
  type: z.string(),
  sequence_number: count,
  output_index: index,
  content_index: index,
  summary_index: index,
  item_id: text,
  item: z.unknown().optional(),
  part: z.looseObject({ type: text, text, refusal: text }).nullish().catch(undefined),
  delta: z.unknown().optional(),
  text,
  refusal: text,
  arguments: text,
  response: z.unknown().optional(),
  code: z.union([z.string(), z.number()]).nullish().catch(undefined),
  message: text,
});

/** A stream event as upstreams send it. */
export type OpenAIResponsesStreamEvent = z.infer<typeof openAIResponsesStreamEventSchema>;
