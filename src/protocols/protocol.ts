import type { GatewayError } from '../errors/gateway-error.js';
import type { IrRequest } from '../ir/request.js';
import type { IrResponse } from '../ir/response.js';
import type { IrStreamPart } from '../ir/stream-part.js';
import type { IrWarning } from '../ir/warning.js';
import type { SseEvent } from '../upstream/sse-decode.js';
import type { IrStreamDecoder, IrStreamEncoder } from './stream-codec.js';

/** The wire formats of the hub (DESIGN.md "Hub, not mesh"). */
export type WireFormat = 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini';

/**
 * What an upstream encoder decided that its decoders must know to map the answer back, e.g. tool
 * names shortened to fit the upstream's grammar (upstream name → client name).
 */
export interface UpstreamExchange {
  /** Upstream tool name → the client's original name; empty when nothing was renamed. */
  readonly toolNames: ReadonlyMap<string, string>;
  /** Provider id of the upstream (signs reasoning blocks it returns). */
  readonly providerId: string;
  /** The model id sent upstream. */
  readonly model: string;
}

/** Options of the answer decoders. */
export interface DecodeOptions {
  /** Receives what a decoder had to repair or could not carry (malformed tool arguments, …). */
  readonly onWarning?: ((warning: IrWarning) => void) | undefined;
}

/** An encoded upstream request body, with what its decoders need. */
export interface EncodedUpstreamRequest {
  /** The JSON body to send. */
  readonly body: Record<string, unknown>;
  readonly exchange: UpstreamExchange;
  readonly warnings: readonly IrWarning[];
}

/** Facts about the upstream an encoder adapts the request to. */
export interface UpstreamTarget {
  readonly providerId: string;
  /** The model id to send. */
  readonly model: string;
  /**
   * The provider requires earlier reasoning to be sent back on tool-call turns (Kimi, DeepSeek:
   * `reasoning_content` on assistant messages).
   */
  readonly replayReasoning?: boolean | undefined;
  /** Longest tool name the upstream accepts (OpenAI: 64); longer names are shortened reversibly. */
  readonly maxToolNameLength?: number | undefined;
}

/** What the client asked for that shapes the answer's encoding. */
export interface ClientExchange {
  /** The model name the client sent (echoed where a format expects its own name back). */
  readonly requestedModel: string;
  /** OpenAI `stream_options.include_usage`: send a final usage chunk. */
  readonly includeUsage: boolean;
  /**
   * How stream events are framed: `sse` (`data: …` events; every format's default) or
   * `json-array` (Gemini `:streamGenerateContent` without `alt=sse`: one JSON array written
   * element by element).
   */
  readonly streamFraming?: 'sse' | 'json-array' | undefined;
}

/**
 * What the route knows besides the body: Gemini puts the model and the streaming choice in the
 * URL (`/v1beta/models/{model}:streamGenerateContent?alt=sse`).
 */
export interface InboundContext {
  /** Model from the URL path. */
  readonly model?: string | undefined;
  /** The endpoint streams (`:streamGenerateContent`). */
  readonly stream?: boolean | undefined;
  /** Stream framing the client asked for (`alt=sse` → `sse`, else `json-array`). */
  readonly streamFraming?: 'sse' | 'json-array' | undefined;
}

/**
 * One wire format, both as the format clients speak (decode request, encode response / stream /
 * error) and as the format an upstream speaks (encode request, decode response / stream).
 * 4 formats × these mappers, never pairwise translators.
 */
export interface Protocol {
  readonly format: WireFormat;
  /** Client body → IR (and what the answer's encoding needs). Throws `InvalidRequestError` naming the field. */
  decodeRequest(
    body: unknown,
    context?: InboundContext,
  ): { request: IrRequest; client: ClientExchange; warnings: IrWarning[] };
  /** IR → upstream body for `target`. */
  encodeRequest(request: IrRequest, target: UpstreamTarget): EncodedUpstreamRequest;
  /** Upstream JSON answer → IR. */
  decodeResponse(body: unknown, exchange: UpstreamExchange, options?: DecodeOptions): IrResponse;
  /** IR → client JSON answer. */
  encodeResponse(response: IrResponse, client: ClientExchange): unknown;
  /** Upstream SSE events → IR stream parts, chunk by chunk. */
  decodeStream(
    events: AsyncIterable<SseEvent>,
    exchange: UpstreamExchange,
    options?: DecodeOptions,
  ): AsyncIterable<IrStreamPart>;
  /** IR stream parts → the client's SSE text, chunk by chunk (each string one or more whole events). */
  encodeStream(parts: AsyncIterable<IrStreamPart>, client: ClientExchange): AsyncIterable<string>;
  /**
   * The synchronous core of `decodeStream` for one upstream stream: feed it the parsed SSE events
   * one by one (same parts, same end). Warnings go to `options.onWarning`.
   */
  createStreamDecoder(exchange: UpstreamExchange, options?: DecodeOptions): IrStreamDecoder;
  /** The synchronous core of `encodeStream` for one client stream: same text, part by part. */
  createStreamEncoder(client: ClientExchange): IrStreamEncoder;
  /** A gateway error in the client's envelope. */
  encodeError(error: GatewayError, requestId?: string): unknown;
}
