import type { IncomingHttpHeaders } from 'node:http';
import type { UpstreamConfig } from '../config/switchboard-config.js';
import {
  anthropicEndpointUrl,
  buildAnthropicUpstreamHeaders,
} from '../protocols/anthropic/build-upstream-request.js';

/** Where and how to call an upstream for one generation request. */
export interface UpstreamCall {
  readonly url: string;
  readonly headers: Record<string, string>;
}

/** What the call depends on besides the upstream. */
export interface UpstreamCallOptions {
  /** The model id sent upstream (Gemini puts it in the path). */
  readonly model: string;
  /** Whether the answer is streamed (Gemini picks the method by it). */
  readonly stream: boolean;
  /** The client's headers (Anthropic version and betas are passed on to Anthropic-format upstreams). */
  readonly inbound: IncomingHttpHeaders;
  /** The client's query string (`?beta=true`), kept for Anthropic-format upstreams. */
  readonly search: string;
}

/**
 * The URL and headers of a generation call, by the upstream's wire format (transport, apart from
 * translation):
 * - Anthropic Messages: `…/v1/messages`, version/beta headers, `x-api-key` or Bearer;
 * - OpenAI Chat Completions: `{base}/chat/completions` (base URLs include their `/v1`), Bearer;
 * - OpenAI Responses: `{base}/responses`, Bearer;
 * - Gemini: `{base}/v1beta/models/{model}:generateContent`, or `:streamGenerateContent?alt=sse`
 *   when streaming, `x-goog-api-key`.
 * The entry's own headers come last. The client's credential is never forwarded.
 * Source: each API reference's endpoint and authentication sections.
 */
export function buildUpstreamCall(upstream: UpstreamConfig, options: UpstreamCallOptions): UpstreamCall {
  switch (upstream.format) {
    case 'anthropic':
      return {
        url: anthropicEndpointUrl(upstream.baseUrl, 'messages', options.search),
        headers: buildAnthropicUpstreamHeaders(options.inbound, upstream),
      };
    case 'openai-chat':
      return { url: `${upstream.baseUrl}/chat/completions`, headers: jsonHeaders(upstream) };
    case 'openai-responses':
      return { url: `${upstream.baseUrl}/responses`, headers: jsonHeaders(upstream) };
    case 'gemini': {
      const base = upstream.baseUrl.endsWith('/v1beta') ? upstream.baseUrl : `${upstream.baseUrl}/v1beta`;
      const method = options.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
      return {
        url: `${base}/models/${encodeURIComponent(options.model)}:${method}`,
        headers: jsonHeaders(upstream),
      };
    }
    default:
      return assertNever(upstream.format);
  }
}

/** JSON headers with the upstream's credential in its own style, then the entry's headers. */
function jsonHeaders(upstream: UpstreamConfig): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'accept-encoding': 'identity',
  };
  if (upstream.apiKey !== '') {
    switch (upstream.authStyle) {
      case 'bearer':
        headers.authorization = `Bearer ${upstream.apiKey}`;
        break;
      case 'x-api-key':
        headers['x-api-key'] = upstream.apiKey;
        break;
      case 'x-goog-api-key':
        headers['x-goog-api-key'] = upstream.apiKey;
        break;
      case 'none':
        break;
      default:
        assertNever(upstream.authStyle);
    }
  }
  for (const [name, value] of Object.entries(upstream.headers)) headers[name.toLowerCase()] = value;
  return headers;
}

function assertNever(value: never): never {
  throw new TypeError(`unhandled upstream setting ${String(value)}`);
}
