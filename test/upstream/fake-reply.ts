// The scripted replies the fake Anthropic upstream answers with, and the error type per HTTP status.
// Shapes follow the Claude API references: "Messages" (POST /v1/messages), "Streaming messages" and
// "Errors" (https://platform.claude.com/docs/en/api/errors).

/**
 * Why a fake message stopped: the `stop_reason` values a Messages API response carries
 * (Messages API reference, `stop_reason`). Sent in the non-streaming body and in `message_delta.delta`.
 */
export type FakeStopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence';

/**
 * Token usage with its wire field names (Messages API reference, `Usage` object). All values are
 * integer token counts; the fake always sends the cache counters (0 unless scripted).
 */
export interface FakeAnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** A `text` content block: streamed as `text_delta` pieces of `textChunkSize` characters. */
export interface FakeTextBlock {
  type: 'text';
  text: string;
}

/**
 * A `thinking` content block (extended thinking): streamed as `thinking_delta` pieces, then exactly one
 * `signature_delta` just before `content_block_stop` ("Streaming messages", "Thinking delta").
 */
export interface FakeThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

/**
 * A `redacted_thinking` content block: its opaque `data` arrives whole in `content_block_start` (the SDK's
 * `RedactedThinkingBlock` type; the streaming reference defines no delta type for it), then
 * `content_block_stop`.
 */
export interface FakeRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

/**
 * A `tool_use` content block: started with `input: {}`, then `JSON.stringify(input)` sent as several
 * `input_json_delta` `partial_json` pieces, the first one empty as in the reference's tool-use stream.
 */
export interface FakeToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** One content block of a scripted assistant message, with the Messages API's wire field names. */
export type FakeContentBlock =
  FakeTextBlock | FakeThinkingBlock | FakeRedactedThinkingBlock | FakeToolUseBlock;

/**
 * A successful message. Streamed (SSE) when the request has `"stream": true`, else one JSON body.
 * `stopReason` defaults to `tool_use` when a tool_use block is present, else `end_turn`; `stopSequence`
 * (default null) fills `stop_sequence`. `usage` overrides the computed counts. `omitUsage` leaves `usage`
 * out of `message_start` (and out of a non-streaming body) to exercise a gateway's usage repair.
 * `delayMs` waits before the status line; `eventDelayMs` waits between SSE events (both in ms).
 */
export interface FakeMessageReply {
  kind: 'message';
  content: FakeContentBlock[];
  stopReason?: FakeStopReason;
  stopSequence?: string;
  usage?: Partial<FakeAnthropicUsage>;
  omitUsage?: boolean;
  eventDelayMs?: number;
  delayMs?: number;
}

/**
 * An HTTP error with the reference's envelope `{"type":"error","error":{"type","message"},"request_id"}`.
 * `errorType` defaults to the type the Errors reference gives for `status` (see
 * {@link resolveAnthropicErrorType}). `headers` are added to the response (e.g. `retry-after`).
 */
export interface FakeErrorReply {
  kind: 'error';
  status: number;
  errorType?: string;
  message: string;
  headers?: Record<string, string>;
}

/**
 * Any status and body, byte for byte: for upstreams that are not Anthropic's API, e.g. LM Studio's
 * `{"error":"No models loaded. ..."}`. `content-type` defaults to `application/json` unless set in `headers`.
 */
export interface FakeRawReply {
  kind: 'raw';
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/**
 * How a faulty stream fails once `afterEvents` SSE events were written:
 * `reset` destroys the socket (TCP reset); `stall` stops writing and keeps the socket open until `close()`;
 * `error-event` sends the reference's `error` event (`overloaded_error`, "Overloaded") and ends the response.
 */
export type FakeStreamFault = 'reset' | 'stall' | 'error-event';

/**
 * A message stream that fails after `afterEvents` events (counting every SSE event, `ping` included).
 * For a non-streaming request the fault happens before any byte: `reset` destroys the socket, `stall`
 * never answers, `error-event` answers HTTP 529 `overloaded_error` (its non-streaming counterpart per
 * "Streaming messages", "Error events").
 */
export interface FakeStreamFaultReply {
  kind: 'stream-fault';
  content: FakeContentBlock[];
  afterEvents: number;
  fault: FakeStreamFault;
}

/** Never answer: the request stays open until the fake's `close()`. */
export interface FakeHangReply {
  kind: 'hang';
}

/** One scripted answer to a `POST …/v1/messages` request; queued with `enqueue()`, used in order. */
export type FakeReply =
  FakeMessageReply | FakeErrorReply | FakeRawReply | FakeStreamFaultReply | FakeHangReply;

/**
 * The error `type` for each HTTP status listed in the Errors reference ("HTTP errors").
 * Source: https://platform.claude.com/docs/en/api/errors
 */
export const ANTHROPIC_ERROR_TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/**
 * The error `type` for an HTTP status: the Errors reference's table, else `invalid_request_error` for
 * other 4XX (the reference: "This error type may also be used for other 4XX status codes"), else
 * `api_error` (the fake's choice for unlisted statuses).
 */
export function resolveAnthropicErrorType(status: number): string {
  const listed = ANTHROPIC_ERROR_TYPE_BY_STATUS[status];
  if (listed !== undefined) return listed;
  return status >= 400 && status < 500 ? 'invalid_request_error' : 'api_error';
}
