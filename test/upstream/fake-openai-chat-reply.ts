// The scripted replies the fake OpenAI Chat Completions upstream answers with, and the error `type` / `code`
// per HTTP status. Shapes follow the OpenAI API reference: "Create chat completion"
// (https://platform.openai.com/docs/api-reference/chat/create), "The chat completion object", "The chat
// completion chunk object" and the `ErrorResponse` / `Error` schemas of the OpenAPI spec behind it
// (github.com/openai/openai-openapi, openapi.yaml). Provider extensions cite their own documentation.

/**
 * Why a fake completion stopped: `choices[].finish_reason` values of "The chat completion object" (the
 * deprecated `function_call` left out). Sent in the JSON body and in the last chunk of a stream.
 */
export type FakeOpenAIChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/**
 * Token usage with its wire field names: the `usage` object of "The chat completion object" (its example
 * shows every field below). All values are integer token counts.
 */
export interface FakeOpenAIChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
}

/** Overrides for the computed {@link FakeOpenAIChatUsage}: any field, nested details included. */
export interface FakeOpenAIChatUsageOverrides {
  prompt_tokens?: number;
  completion_tokens?: number;
  /** Defaults to `prompt_tokens + completion_tokens` after the other overrides. */
  total_tokens?: number;
  prompt_tokens_details?: Partial<FakeOpenAIChatUsage['prompt_tokens_details']>;
  completion_tokens_details?: Partial<FakeOpenAIChatUsage['completion_tokens_details']>;
}

/**
 * One function tool call. `arguments` is sent byte for byte (the reference: "the model does not always
 * generate valid JSON"), so it may be malformed on purpose. `id` defaults to `call_fake_<completion>_<index>`.
 */
export interface FakeOpenAIChatToolCall {
  id?: string;
  name: string;
  arguments: string;
}

/**
 * Where a reasoning trace travels; each is a provider extension, none is in OpenAI's own reference:
 * - `reasoning_content`: `message.reasoning_content` / `delta.reasoning_content`. DeepSeek, "Reasoning Model
 *   (deepseek-reasoner)" (https://api-docs.deepseek.com/guides/reasoning_model); Kimi, "Using thinking models"
 *   (https://platform.moonshot.ai/docs/guide/use-kimi-k2-thinking-model).
 * - `reasoning`: `message.reasoning` / `delta.reasoning`. OpenRouter, "Reasoning Tokens"
 *   (https://openrouter.ai/docs/use-cases/reasoning-tokens): "Reasoning tokens will appear in the reasoning
 *   field of each message".
 * - `think-tags`: `<think>` + text + `</think>` prepended to `content`, nothing added around it. Groq,
 *   "Reasoning" (https://console.groq.com/docs/reasoning), `reasoning_format: "raw"`; local models such as
 *   DeepSeek R1 served by vLLM (its reasoning parser docs: "uses <think>...</think> tokens").
 */
export type FakeOpenAIChatReasoningField = 'reasoning_content' | 'reasoning' | 'think-tags';

/** A reasoning trace sent before the content, in the chosen field. */
export interface FakeOpenAIChatReasoning {
  text: string;
  field: FakeOpenAIChatReasoningField;
}

/**
 * A successful completion: streamed (SSE) when the request has `"stream": true`, else one JSON body.
 * - `content` defaults to `null` when there are tool calls, else `''`; streamed as `chunkSize`-character deltas.
 * - `toolCalls` stream per the reference: the first fragment of each call carries `index`, `id`, `type` and
 *   `function: {name, arguments: ""}`, later fragments only `index` and a `function.arguments` piece.
 *   `toolCallNameLate` moves `function.name` into a second fragment of its own (after the id);
 *   `interleaveToolCalls` sends the fragments of parallel calls round-robin by index instead of call by call.
 * - `finishReason` defaults to `tool_calls` when there are tool calls, else `stop`.
 * - `usage` overrides the computed counts. The usage chunk (`choices: []`) is sent only when the request has
 *   `stream_options.include_usage: true`; `omitUsage` drops it (and `usage` from a JSON body), as upstreams
 *   that ignore `stream_options` do; `usageOnEveryChunk` puts running totals on every chunk (the
 *   `finish_reason` chunk carrying the final usage), as some compatible servers do.
 * - `delayMs` waits before the status line; `eventDelayMs` between SSE events (both in ms).
 */
export interface FakeOpenAIChatMessageReply {
  kind: 'message';
  content?: string;
  toolCalls?: FakeOpenAIChatToolCall[];
  reasoning?: FakeOpenAIChatReasoning;
  finishReason?: FakeOpenAIChatFinishReason;
  usage?: FakeOpenAIChatUsageOverrides;
  usageOnEveryChunk?: boolean;
  omitUsage?: boolean;
  toolCallNameLate?: boolean;
  interleaveToolCalls?: boolean;
  eventDelayMs?: number;
  delayMs?: number;
}

/**
 * An HTTP error with the reference's envelope `{"error":{"message","type","param","code"}}`. `type` and
 * `code` default to {@link resolveOpenAIChatError}`(status)`, `param` to null. `headers` are added to the
 * response (e.g. `retry-after`, `x-should-retry`).
 */
export interface FakeOpenAIChatErrorReply {
  kind: 'error';
  status: number;
  type?: string;
  code?: string | null;
  param?: string | null;
  message: string;
  headers?: Record<string, string>;
}

/**
 * Any status and body, byte for byte: for upstreams that are not OpenAI's API (an HTML 502 page, LM Studio's
 * `{"error":"..."}`). `content-type` defaults to `application/json` unless set in `headers`.
 */
export interface FakeOpenAIChatRawReply {
  kind: 'raw';
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/**
 * How a faulty stream fails once `afterChunks` `data:` events were written: `reset` destroys the socket (TCP
 * reset); `stall` stops writing and keeps the socket open until `close()`; `error-chunk` sends
 * {@link OPENAI_CHAT_SERVER_ERROR} as a `data:` event and ends the response without `data: [DONE]`.
 */
export type FakeOpenAIChatStreamFault = 'reset' | 'stall' | 'error-chunk';

/**
 * A text completion that fails after `afterChunks` chunks. For a non-streaming request the fault happens
 * before any byte: `reset` destroys the socket, `stall` never answers, `error-chunk` answers HTTP 500
 * with the same error object.
 */
export interface FakeOpenAIChatStreamFaultReply {
  kind: 'stream-fault';
  content: string;
  afterChunks: number;
  fault: FakeOpenAIChatStreamFault;
}

/** Never answer: the request stays open until the fake's `close()`. */
export interface FakeOpenAIChatHangReply {
  kind: 'hang';
}

/** One scripted answer to a `POST …/chat/completions` request; queued with `enqueue()`, used in order. */
export type FakeOpenAIChatReply =
  | FakeOpenAIChatMessageReply
  | FakeOpenAIChatErrorReply
  | FakeOpenAIChatRawReply
  | FakeOpenAIChatStreamFaultReply
  | FakeOpenAIChatHangReply;

/** The `type` and `code` of an error object (`ErrorObject` in the openai SDK: `code` is `string | null`). */
export interface OpenAIChatErrorKind {
  type: string;
  code: string | null;
}

/**
 * Default `type` / `code` per status, as OpenAI's API answers them: 400 `invalid_request_error`; 401
 * `invalid_request_error` + `invalid_api_key` ("Error codes" guide, "401 - Incorrect API key provided"); 403
 * `request_forbidden` + `unsupported_country_region_territory` ("403 - Country, region, or territory not
 * supported"); 404 `invalid_request_error` + `model_not_found`; 429 `requests` +
 * `rate_limit_exceeded` ("429 - Rate limit reached for requests"); 500 and 503 `server_error`. The 429
 * "You exceeded your current quota" variant is {@link INSUFFICIENT_QUOTA_ERROR}.
 * Source: https://platform.openai.com/docs/guides/error-codes (status and meaning; the guide shows no JSON,
 * the type/code values are the ones the API sends, e.g. github.com/continuedev/continue/issues/10016).
 */
export const OPENAI_CHAT_ERROR_BY_STATUS: Readonly<Record<number, OpenAIChatErrorKind>> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { type: 'request_forbidden', code: 'unsupported_country_region_territory' },
  404: { type: 'invalid_request_error', code: 'model_not_found' },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
  500: { type: 'server_error', code: null },
  503: { type: 'server_error', code: null },
};

/**
 * The error kind for a status: the table above, else `invalid_request_error` for other 4XX and
 * `server_error` for anything else (both with `code: null`).
 */
export function resolveOpenAIChatError(status: number): OpenAIChatErrorKind {
  const listed = OPENAI_CHAT_ERROR_BY_STATUS[status];
  if (listed !== undefined) return listed;
  const type = status >= 400 && status < 500 ? 'invalid_request_error' : 'server_error';
  return { type, code: null };
}

/**
 * The 429 a key with no credit left gets ("Error codes" guide, "429 - You exceeded your current quota,
 * please check your plan and billing details"): `type` and `code` both `insufficient_quota`. Not retryable,
 * unlike `rate_limit_exceeded`; gateways should rotate the credential instead.
 */
export const INSUFFICIENT_QUOTA_ERROR: FakeOpenAIChatErrorReply = {
  kind: 'error',
  status: 429,
  type: 'insufficient_quota',
  code: 'insufficient_quota',
  message:
    'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
};

/**
 * The error object of a failed stream and of a 500: message of the "Error codes" guide's "500 - The server
 * had an error while processing your request", `type: server_error`. The openai SDK raises an `APIError`
 * when a stream's `data:` event carries `error`.
 */
export const OPENAI_CHAT_SERVER_ERROR = {
  message: 'The server had an error while processing your request. Sorry about that!',
  type: 'server_error',
  param: null,
  code: null,
} as const;
