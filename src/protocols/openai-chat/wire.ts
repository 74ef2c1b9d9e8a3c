import { z } from 'zod';

/**
 * Wire schemas of what OpenAI Chat Completions clients send, checked at the edge. Strict where the
 * gateway maps a field (content parts, tool definitions, tool choice: unknown keys or types are a
 * 400 naming the field); loose at the top level and on messages, whose unknown fields are carried
 * verbatim in `extensions['openai-chat']` and sent back to OpenAI-format upstreams.
 * Source: OpenAI API reference, "Chat Completions" > "Create chat completion" (request body);
 * openai-node `resources/chat/completions` (`ChatCompletionCreateParamsBase`).
 */

/** `prompt_cache_breakpoint` of a content part (openai-node `PromptCacheBreakpoint`). */
const promptCacheBreakpointSchema = z.strictObject({ mode: z.literal('explicit') });

/** `{"type":"text","text"}` (reference: `ChatCompletionContentPartText`). */
export const openAIChatTextPartSchema = z.strictObject({
  type: z.literal('text'),
  text: z.string(),
  prompt_cache_breakpoint: promptCacheBreakpointSchema.optional(),
});

const imagePartSchema = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({
    url: z.string().min(1),
    detail: z.enum(['auto', 'low', 'high']).optional(),
  }),
  prompt_cache_breakpoint: promptCacheBreakpointSchema.optional(),
});

const audioPartSchema = z.strictObject({
  type: z.literal('input_audio'),
  input_audio: z.strictObject({ data: z.string().min(1), format: z.enum(['wav', 'mp3']) }),
  prompt_cache_breakpoint: promptCacheBreakpointSchema.optional(),
});

const filePartSchema = z.strictObject({
  type: z.literal('file'),
  file: z.strictObject({
    file_data: z.string().min(1).optional(),
    file_id: z.string().min(1).optional(),
    filename: z.string().optional(),
  }),
  prompt_cache_breakpoint: promptCacheBreakpointSchema.optional(),
});

const refusalPartSchema = z.strictObject({ type: z.literal('refusal'), refusal: z.string() });

/** A user content part: text, image_url, input_audio or file. */
export const openAIChatUserPartSchema = z.discriminatedUnion('type', [
  openAIChatTextPartSchema,
  imagePartSchema,
  audioPartSchema,
  filePartSchema,
]);

const textContentSchema = z.union([z.string(), z.array(openAIChatTextPartSchema)]);

const functionToolCallSchema = z.strictObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().min(1), arguments: z.string() }),
});

const customToolCallSchema = z.strictObject({
  id: z.string().min(1),
  type: z.literal('custom'),
  custom: z.strictObject({ name: z.string().min(1), input: z.string() }),
});

/** An assistant `tool_calls[]` entry (function, or the newer custom tool call). */
export const openAIChatToolCallSchema = z.discriminatedUnion('type', [
  functionToolCallSchema,
  customToolCallSchema,
]);

const systemMessageSchema = z.looseObject({ role: z.literal('system'), content: textContentSchema });
const developerMessageSchema = z.looseObject({ role: z.literal('developer'), content: textContentSchema });
const userMessageSchema = z.looseObject({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(openAIChatUserPartSchema)]),
});
const assistantMessageSchema = z.looseObject({
  role: z.literal('assistant'),
  content: z.union([z.string(), z.array(z.union([openAIChatTextPartSchema, refusalPartSchema]))]).nullish(),
  tool_calls: z.array(openAIChatToolCallSchema).nullish(),
  /** DeepSeek / Kimi / vLLM reasoning replayed by the client. */
  reasoning_content: z.string().nullish(),
  /** OpenRouter's name for the same. */
  reasoning: z.string().nullish(),
});
const toolMessageSchema = z.looseObject({
  role: z.literal('tool'),
  content: textContentSchema,
  tool_call_id: z.string().min(1),
});

/** One `messages[]` entry, by role (the deprecated `function` role is refused). */
export const openAIChatMessageSchema = z.discriminatedUnion('role', [
  systemMessageSchema,
  developerMessageSchema,
  userMessageSchema,
  assistantMessageSchema,
  toolMessageSchema,
]);

const functionToolSchema = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});

const customToolSchema = z.strictObject({
  type: z.literal('custom'),
  custom: z.looseObject({ name: z.string().min(1) }),
});

/** A `tools[]` entry. */
export const openAIChatToolSchema = z.discriminatedUnion('type', [functionToolSchema, customToolSchema]);

/** `tool_choice`: a mode, a named function, a named custom tool, or `allowed_tools`. */
export const openAIChatToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string().min(1) }) }),
  z.strictObject({ type: z.literal('custom'), custom: z.strictObject({ name: z.string().min(1) }) }),
  z.strictObject({
    type: z.literal('allowed_tools'),
    allowed_tools: z.strictObject({
      mode: z.enum(['auto', 'required']),
      tools: z.array(z.record(z.string(), z.unknown())),
    }),
  }),
]);

/** `reasoning_effort` values (openai-node `ReasoningEffort`). */
export const OPENAI_CHAT_REASONING_EFFORTS = [
  'none',
  'minimal',
  'low',
  'medium',
  'high',
  'xhigh',
  'max',
] as const;

/** `POST /v1/chat/completions` body. Fields not listed are kept verbatim (see module docs). */
export const openAIChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(openAIChatMessageSchema).min(1),
  tools: z.array(openAIChatToolSchema).nullish(),
  tool_choice: openAIChatToolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  user: z.string().nullish(),
  reasoning_effort: z.enum(OPENAI_CHAT_REASONING_EFFORTS).nullish(),
  n: z.number().int().positive().nullish(),
});

/** A validated Chat Completions request (unknown top-level fields kept as `unknown`). */
export type OpenAIChatRequest = z.infer<typeof openAIChatRequestSchema>;
/** One validated request message. */
export type OpenAIChatMessage = z.infer<typeof openAIChatMessageSchema>;
/** One validated user content part. */
export type OpenAIChatUserPart = z.infer<typeof openAIChatUserPartSchema>;
/** One validated text content part. */
export type OpenAIChatTextPart = z.infer<typeof openAIChatTextPartSchema>;
/** One validated assistant tool call. */
export type OpenAIChatToolCall = z.infer<typeof openAIChatToolCallSchema>;
/** One validated tool definition. */
export type OpenAIChatTool = z.infer<typeof openAIChatToolSchema>;
/** A validated tool choice. */
export type OpenAIChatToolChoice = z.infer<typeof openAIChatToolChoiceSchema>;
/** A `reasoning_effort` value. */
export type OpenAIChatReasoningEffort = (typeof OPENAI_CHAT_REASONING_EFFORTS)[number];

/**
 * Bookkeeping the decoder leaves in `extensions['openai-chat']._layout` so an OpenAI → IR →
 * OpenAI round trip is exact; only this protocol's encoder reads it. Keys of
 * `extensions['openai-chat']` that start with `_` are never sent upstream; all others are wire
 * fields sent verbatim.
 */
export interface OpenAIChatLayout {
  /** Leading system/developer messages: role, how many `IrRequest.system` parts each gave, extra fields. */
  readonly system?: readonly {
    readonly role: 'system' | 'developer';
    readonly parts: number;
    readonly extras?: Readonly<Record<string, unknown>>;
  }[];
  /**
   * Extra wire fields of messages (`name`, `refusal`, `audio`, `prefix`, …), keyed by IR message
   * index, with the IR role they belong to (applied only while index and role still match).
   */
  readonly messages?: Readonly<
    Record<
      string,
      { readonly role: 'system' | 'user' | 'assistant'; readonly fields: Readonly<Record<string, unknown>> }
    >
  >;
  /** Extra wire fields of content parts (image `detail`), keyed `<irMessageIndex>:<partIndex>`. */
  readonly parts?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** `parallel_tool_calls` was sent without `tool_choice`: the IR `auto` choice is not re-emitted. */
  readonly implicitToolChoice?: boolean;
  /** The raw `tool_choice` when the IR cannot express it (`allowed_tools`, named custom tool). */
  readonly toolChoice?: unknown;
}

/** The extension namespace of this format. */
export const OPENAI_CHAT_FORMAT = 'openai-chat';
