// The scripted replies the fake OpenAI Responses upstream answers with. Shapes follow the OpenAI API reference:
// "Create a model response" (https://platform.openai.com/docs/api-reference/responses/create), "The response
// object" (…/responses/object), "Streaming events" (…/responses-streaming) and the reasoning guide
// (https://platform.openai.com/docs/guides/reasoning). Errors reuse the Chat Completions fake's envelope and
// status table: both APIs answer with the same `ErrorResponse` schema.
import type {
  FakeOpenAIChatErrorReply,
  FakeOpenAIChatHangReply,
  FakeOpenAIChatRawReply,
} from './fake-openai-chat-reply.js';

/**
 * Token usage with its wire field names: the `usage` object of "The response object" (its example shows every
 * field below). All values are integer token counts; `output_tokens` includes `reasoning_tokens`.
 */
export interface FakeOpenAIResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** Overrides for the computed {@link FakeOpenAIResponsesUsage}: any field, nested details included. */
export interface FakeOpenAIResponsesUsageOverrides {
  input_tokens?: number;
  input_tokens_details?: Partial<FakeOpenAIResponsesUsage['input_tokens_details']>;
  output_tokens?: number;
  output_tokens_details?: Partial<FakeOpenAIResponsesUsage['output_tokens_details']>;
  /** Defaults to `input_tokens + output_tokens` after the other overrides. */
  total_tokens?: number;
}

/**
 * One `function_call` output item ("Create a model response", Functions example: `{type, id "fc_…", call_id,
 * name, arguments, status}`). `arguments` is sent byte for byte, so it may be malformed JSON on purpose;
 * `callId` defaults to `call_fake_<response>_<index>`.
 */
export interface FakeOpenAIResponsesFunctionCall {
  callId?: string;
  name: string;
  arguments: string;
}

/**
 * A `reasoning` output item (reasoning guide, "Reasoning summaries"): `{id "rs_…", type, summary:
 * [{type: "summary_text", text}]}`, the summary left empty (`[]`) when `summary` is `''`. `encrypted_content`
 * (guide, "Encrypted reasoning items") is added when `encryptedContent` is scripted, or with a generated
 * opaque string when the request's `include` has `reasoning.encrypted_content`.
 */
export interface FakeOpenAIResponsesReasoning {
  summary: string;
  encryptedContent?: string;
}

/**
 * A successful response: streamed (SSE, "Streaming events") when the request has `"stream": true`, else one
 * JSON "response object". Output items, in order: the reasoning item, the assistant `message` (when `text` is
 * non-empty or there are no function calls; `text` defaults to `''`), then one `function_call` per entry.
 * - `incomplete`: `status: "incomplete"`, `incomplete_details: {reason: "max_output_tokens"}` (reasoning guide,
 *   "Allocating space for reasoning"), the message item `incomplete`; a stream ends with `response.incomplete`.
 * - `usage` overrides the computed counts (see {@link computeResponsesUsage} in openai-responses-build-response.ts).
 * - `delayMs` waits before the status line; `eventDelayMs` between SSE events (both in ms).
 */
export interface FakeOpenAIResponsesMessageReply {
  kind: 'message';
  text?: string;
  functionCalls?: FakeOpenAIResponsesFunctionCall[];
  reasoning?: FakeOpenAIResponsesReasoning;
  incomplete?: boolean;
  usage?: FakeOpenAIResponsesUsageOverrides;
  eventDelayMs?: number;
  delayMs?: number;
}

/**
 * An HTTP error with the `ErrorResponse` envelope `{"error":{"message","type","param","code"}}`; `type` and
 * `code` default per status as in the Chat Completions fake (`resolveOpenAIChatError`). Same shape as
 * `FakeOpenAIChatErrorReply`.
 */
export type FakeOpenAIResponsesErrorReply = FakeOpenAIChatErrorReply;

/** Any status and body, byte for byte (`content-type` defaults to `application/json`). */
export type FakeOpenAIResponsesRawReply = FakeOpenAIChatRawReply;

/** Never answer: the request stays open until the fake's `close()`. */
export type FakeOpenAIResponsesHangReply = FakeOpenAIChatHangReply;

/**
 * How a faulty stream fails once `afterEvents` SSE events were written: `reset` destroys the socket (TCP reset);
 * `stall` stops writing and keeps the socket open until `close()`; `failed-event` sends the reference's `error`
 * event ({@link OPENAI_RESPONSES_ERROR_EVENT}) and then `response.failed` (status `failed`, `error`
 * {@link OPENAI_RESPONSES_FAILED_ERROR}), and ends the response.
 */
export type FakeOpenAIResponsesStreamFault = 'reset' | 'stall' | 'failed-event';

/**
 * A text response that fails after `afterEvents` events (counting `response.created`; at most every event but
 * the terminal `response.completed`, which a faulty stream never sends). For a non-streaming
 * request the fault happens before any byte: `reset` destroys the socket, `stall` never answers,
 * `failed-event` answers HTTP 500 `server_error`.
 */
export interface FakeOpenAIResponsesStreamFaultReply {
  kind: 'stream-fault';
  text: string;
  afterEvents: number;
  fault: FakeOpenAIResponsesStreamFault;
}

/** One scripted answer to a `POST …/responses` request; queued with `enqueue()`, used in order. */
export type FakeOpenAIResponsesReply =
  | FakeOpenAIResponsesMessageReply
  | FakeOpenAIResponsesErrorReply
  | FakeOpenAIResponsesRawReply
  | FakeOpenAIResponsesStreamFaultReply
  | FakeOpenAIResponsesHangReply;

/**
 * The `error` of a failed response: the reference's `response.failed` example (`ResponseError` in the openai
 * SDK: `{code, message}`).
 */
export const OPENAI_RESPONSES_FAILED_ERROR = {
  code: 'server_error',
  message: 'The model failed to generate a response.',
} as const;

/**
 * The fields of the stream `error` event, as the reference's example and the SDK's `ResponseErrorEvent` give
 * them: flat `code`, `message`, `param` (the fake adds `type` and `sequence_number`). With no `error` key, the
 * openai SDK's `responses.create({stream: true})` iteration yields it as an event, while the `responses.stream()`
 * helper re-emits it as its `error` and rejects with it. (Recorded API streams have been seen nesting the fields
 * as `error: {code, message, param}`, which the SDK raises as an `APIError`; the fake follows the reference.)
 */
export const OPENAI_RESPONSES_ERROR_EVENT = {
  code: 'server_error',
  message: 'The server had an error while processing your request. Sorry about that!',
  param: null,
} as const;
