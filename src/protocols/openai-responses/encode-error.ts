import type { GatewayError } from '../../errors/gateway-error.js';
import type { OpenAIChatErrorBody } from '../openai-chat/encode-error.js';
import { encodeOpenAIChatError } from '../openai-chat/encode-error.js';
import type { ResponsesErrorBody } from './encode-response-body.js';

/**
 * A gateway error in OpenAI's HTTP envelope, `{"error":{"message","type","param","code"}}` — the
 * same for Responses as for Chat Completions, so the chat spoke's encoder makes it.
 * Source: OpenAI API reference, error object; openai-node `APIError`.
 */
export function encodeOpenAIResponsesError(error: GatewayError): OpenAIChatErrorBody {
  return encodeOpenAIChatError(error);
}

/**
 * The `error` of a `response.failed` event for a stream that fails after its first byte:
 * `{code, message}` with `code` `rate_limit_exceeded` for 429s, else `server_error` (the two codes
 * of the reference's `ResponseError` that fit a gateway failure; the message says what failed).
 * Source: OpenAI API reference, "Streaming events" (`response.failed`), `ResponseError`.
 */
export function encodeResponsesFailure(error: GatewayError): ResponsesErrorBody {
  return { code: error.status === 429 ? 'rate_limit_exceeded' : 'server_error', message: error.message };
}
