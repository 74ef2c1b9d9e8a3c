import type { IncomingHttpHeaders } from 'node:http';
import type { RouteTarget } from '../../routing/route-table.js';

/**
 * The query string of a request URL, including its `?` (e.g. `?beta=true`), or ''.
 * @param url the request's path and query
 */
export function queryOf(url: string): string {
  const mark = url.indexOf('?');
  return mark === -1 ? '' : url.slice(mark);
}

/**
 * Response headers the gateway adds to every proxied answer: its own request id, which upstream
 * and model answered, and the upstream's `request-id` for support tickets.
 * @param requestId the gateway's id of this request
 * @param target the upstream and model that answered
 * @param upstreamHeaders the upstream's response headers
 * @param fallbackFrom the requested model, when a fallback or preview model answered instead: sent
 *   as `x-switchboard-fallback-from` (the answering model is in `x-switchboard-upstream` / `-model`)
 */
export function responseHeadersFor(
  requestId: string,
  target: RouteTarget,
  upstreamHeaders: IncomingHttpHeaders,
  fallbackFrom?: string,
): Record<string, string> {
  const headers: Record<string, string> = {
    'x-switchboard-request-id': requestId,
    'x-switchboard-upstream': headerSafe(target.route.upstream.id),
    'x-switchboard-model': headerSafe(target.model),
  };
  if (fallbackFrom !== undefined) headers['x-switchboard-fallback-from'] = headerSafe(fallbackFrom);
  const upstreamRequestId = upstreamHeaders['request-id'];
  if (typeof upstreamRequestId === 'string') headers['request-id'] = upstreamRequestId;
  return headers;
}

/** Header values must be visible ASCII; anything else is percent-encoded. */
function headerSafe(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}
