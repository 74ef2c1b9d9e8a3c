import { z } from 'zod';
import { OPENAI_CHAT_REASONING_EFFORTS } from '../openai-chat/wire.js';

/**
 * Wire schemas of what OpenAI Responses clients send (`POST /v1/responses`), checked at the edge.
 * Loose objects throughout: the fields the gateway maps are typed (a wrong type is a 400 naming
 * the field), every other field is kept verbatim — top-level fields in
 * `extensions['openai-responses']`, item and content-part fields in its `_layout` — and sent back
 * to OpenAI Responses upstreams. Items and content parts are checked one by one by the decoders
 * (`input[3].content[0].text: …`), so an unknown item type is carried, not refused.
 * Source: OpenAI API reference, "Responses" > "Create a model response" (request body);
 * openai-node `resources/responses/responses.ts` (`ResponseCreateParamsBase`, `ResponseInputItem`).
 */

/** The extension namespace (and wire format name) of this protocol. */
export const OPENAI_RESPONSES_FORMAT = 'openai-responses';

/** `prompt_cache_breakpoint` of a content part (`{"mode":"explicit"}`). */
const cacheBreakpointSchema = z.looseObject({ mode: z.string() });

/** `{"type":"input_text","text"}` (reference: `ResponseInputText`). */
export const openAIResponsesInputTextSchema = z.looseObject({
  type: z.literal('input_text'),
  text: z.string(),
  prompt_cache_breakpoint: cacheBreakpointSchema.nullish(),
});

/** `{"type":"output_text","text","annotations"}` in assistant messages (reference: `ResponseOutputText`). */
export const openAIResponsesOutputTextSchema = z.looseObject({
  type: z.literal('output_text'),
  text: z.string(),
});

/** `{"type":"refusal","refusal"}` in assistant messages (reference: `ResponseOutputRefusal`). */
export const openAIResponsesRefusalSchema = z.looseObject({
  type: z.literal('refusal'),
  refusal: z.string(),
});

/** `input_image`: `image_url` (a URL or a base64 `data:` URL) or `file_id` (reference: `ResponseInputImage`). */
export const openAIResponsesInputImageSchema = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().min(1).nullish(),
  file_id: z.string().min(1).nullish(),
  prompt_cache_breakpoint: cacheBreakpointSchema.nullish(),
});

/** `input_file`: `file_data`, `file_id` or `file_url`, with `filename` (reference: `ResponseInputFile`). */
export const openAIResponsesInputFileSchema = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.string().min(1).nullish(),
  file_id: z.string().min(1).nullish(),
  file_url: z.string().min(1).nullish(),
  filename: z.string().nullish(),
  prompt_cache_breakpoint: cacheBreakpointSchema.nullish(),
});

/** Any content part, before it is checked by its type. */
const contentPartSchema = z.looseObject({ type: z.string().min(1) });

/** A `message` item (`type` may be left out: reference `EasyInputMessage`). */
export const openAIResponsesMessageItemSchema = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(contentPartSchema)]),
});

/** A `function_call` item replayed by the client (reference: `ResponseFunctionToolCall`). */
export const openAIResponsesFunctionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

/** A `function_call_output` item (reference: `ResponseInputItem.FunctionCallOutput`). */
export const openAIResponsesFunctionCallOutputItemSchema = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(contentPartSchema)]),
});

/** A `reasoning` item replayed by the client (reference: `ResponseReasoningItem`; "Reasoning" guide). */
export const openAIResponsesReasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  id: z.string().min(1).nullish(),
  summary: z.array(z.looseObject({ type: z.literal('summary_text'), text: z.string() })).nullish(),
  content: z.array(z.looseObject({ type: z.string(), text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
});

/** A validated message item. */
export type OpenAIResponsesMessageItem = z.infer<typeof openAIResponsesMessageItemSchema>;
/** A validated function call item. */
export type OpenAIResponsesFunctionCallItem = z.infer<typeof openAIResponsesFunctionCallItemSchema>;
/** A validated function call output item. */
export type OpenAIResponsesFunctionCallOutputItem = z.infer<
  typeof openAIResponsesFunctionCallOutputItemSchema
>;
/** A validated reasoning item. */
export type OpenAIResponsesReasoningItem = z.infer<typeof openAIResponsesReasoningItemSchema>;

/** A function tool (reference: `FunctionTool`); other tool types are carried verbatim. */
export const openAIResponsesFunctionToolSchema = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
  defer_loading: z.boolean().nullish(),
});

/** A validated function tool. */
export type OpenAIResponsesFunctionTool = z.infer<typeof openAIResponsesFunctionToolSchema>;

/** `tool_choice`: a mode, or an object (`{type:"function",name}`, `allowed_tools`, hosted tool types, …). */
export const openAIResponsesToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.string().min(1) }),
]);

/** `POST /v1/responses` body. Fields not listed are kept verbatim (see module docs). */
export const openAIResponsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]),
  instructions: z.string().nullish(),
  tools: z.array(z.looseObject({ type: z.string().min(1) })).nullish(),
  tool_choice: openAIResponsesToolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stream: z.boolean().nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  reasoning: z
    .looseObject({ effort: z.enum(OPENAI_CHAT_REASONING_EFFORTS).nullish(), summary: z.string().nullish() })
    .nullish(),
  previous_response_id: z.string().nullish(),
  conversation: z.unknown().optional(),
});

/** A validated Responses request (unknown top-level fields kept as `unknown`). */
export type OpenAIResponsesRequest = z.infer<typeof openAIResponsesRequestSchema>;

/** Extra wire fields, verbatim. */
export type WireFields = Readonly<Record<string, unknown>>;

/** How one source of `IrRequest.system` was given. */
export type OpenAIResponsesSystemSource =
  /** `instructions` (one IR part). */
  | { readonly kind: 'instructions' }
  /** A leading `system` / `developer` message item giving `parts` IR parts. */
  | {
      readonly kind: 'item';
      readonly role: 'system' | 'developer';
      readonly parts: number;
      readonly fields?: WireFields | undefined;
      readonly stringContent?: boolean | undefined;
    };

/** What a message item (user, system or developer) had besides its mapped content. */
export interface OpenAIResponsesMessageLayout {
  /** The IR role it belongs to (applied only while index and role still match). */
  readonly role: 'system' | 'user';
  /** Extra item fields (`id`, `status`, …). */
  readonly fields?: WireFields | undefined;
  /** `content` was a string. */
  readonly stringContent?: boolean | undefined;
}

/** What an item or content part behind one IR part had besides what the IR holds. */
export interface OpenAIResponsesPartLayout {
  /** The IR part type it belongs to (applied only while it still matches). */
  readonly type: string;
  /** The part began a new assistant `message` item. */
  readonly first?: boolean | undefined;
  /** Extra fields of the item the part began (`id`, `status`, `phase`, …). */
  readonly item?: WireFields | undefined;
  /** Extra fields of the content part (`annotations`, `detail`, …). */
  readonly part?: WireFields | undefined;
  /** The assistant message's `content` was a string. */
  readonly stringContent?: boolean | undefined;
  /** The text was a `refusal` part. */
  readonly refusal?: boolean | undefined;
  /** Lengths (UTF-16 units) of the reasoning summary parts joined into the IR text. */
  readonly summary?: readonly number[] | undefined;
  /** The reasoning text came from `content` (`reasoning_text`), not `summary`. */
  readonly reasoningContent?: boolean | undefined;
  /** `function_call_output.output` was a list, not a string. */
  readonly listOutput?: boolean | undefined;
  /** Extra fields of the parts of a `function_call_output` list, by position. */
  readonly content?: Readonly<Record<string, WireFields>> | undefined;
}

/**
 * Bookkeeping the request decoder leaves in `extensions['openai-responses']._layout` so an
 * OpenAI Responses → IR → OpenAI Responses round trip is exact; only this protocol's encoder
 * reads it. Keys of `extensions['openai-responses']` starting with `_` are never sent upstream.
 */
export interface OpenAIResponsesLayout {
  /** How `IrRequest.system` was given, in order. */
  readonly system?: readonly OpenAIResponsesSystemSource[] | undefined;
  /** Message items by IR message index. */
  readonly messages?: Readonly<Record<string, OpenAIResponsesMessageLayout>> | undefined;
  /** Items and content parts by `<irMessageIndex>:<partIndex>`. */
  readonly parts?: Readonly<Record<string, OpenAIResponsesPartLayout>> | undefined;
  /** Extra fields of function tools (`allowed_callers`, `output_schema`, …), by tool name. */
  readonly tools?: Readonly<Record<string, WireFields>> | undefined;
  /** `parallel_tool_calls` was sent without `tool_choice`: the IR `auto` choice is not re-emitted. */
  readonly implicitToolChoice?: boolean | undefined;
  /** The raw `tool_choice` when the IR cannot express it (`allowed_tools`, hosted tool types, …). */
  readonly toolChoice?: unknown;
  /** The end user was named by `safety_identifier` (else `user`). */
  readonly userField?: 'safety_identifier' | undefined;
  /** `input` was a string (one user message). */
  readonly stringInput?: boolean | undefined;
}
