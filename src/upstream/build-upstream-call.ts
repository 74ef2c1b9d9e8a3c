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

/**
 * The URL and headers of a generation call, by the upstream's wire format (transport, apart from
 * translation): Anthropic Messages at `…/v1/messages` with its version/beta headers and the
 * upstream's `x-api-key` or Bearer credential; OpenAI Chat Completions at `{base}/chat/completions`
 * (base URLs include their `/v1`) with a Bearer credential. The entry's own headers come last.
 * The client's credential is never forwarded.
 * @param upstream the target upstream
 * @param inbound the client's headers (Anthropic version and betas are passed on to Anthropic-format upstreams)
 * @param search the client's query string (`?beta=true`), kept for Anthropic-format upstreams
 */
export function buildUpstreamCall(
  upstream: UpstreamConfig,
  inbound: IncomingHttpHeaders,
  search: string,
): UpstreamCall {
  switch (upstream.format) {
    case 'anthropic':
      return {
        url: anthropicEndpointUrl(upstream.baseUrl, 'messages', search),
        headers: buildAnthropicUpstreamHeaders(inbound, upstream),
      };
    case 'openai-chat': {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'accept-encoding': 'identity',
      };
      if (upstream.apiKey !== '' && upstream.authStyle !== 'none')
        headers.authorization = `Bearer ${upstream.apiKey}`;
      for (const [name, value] of Object.entries(upstream.headers)) headers[name.toLowerCase()] = value;
      return { url: `${upstream.baseUrl}/chat/completions`, headers };
    }
    default:
      return assertNever(upstream.format);
  }
}

function assertNever(format: never): never {
  throw new TypeError(`no transport for upstream format ${String(format)}`);
}
