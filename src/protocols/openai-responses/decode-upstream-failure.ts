import { UpstreamHttpError } from '../../errors/upstream-error.js';
import type { UpstreamExchange } from '../protocol.js';

/**
 * The HTTP status a Responses failure code stands for: `rate_limit_exceeded` → 429,
 * `server_error` → 500, anything else (`invalid_prompt`, image errors, unknown codes) → 502.
 * Source: OpenAI API reference, "The response object" (`error.code`), "Streaming events" (`error`).
 */
export function statusOfResponsesFailure(code: string | number | null | undefined): number {
  switch (code) {
    case 'rate_limit_exceeded':
      return 429;
    case 'server_error':
      return 500;
    default:
      return 502;
  }
}

/**
 * A failed response (`response.failed`, a `status: "failed"` body) or an `error` stream event →
 * the error the client sees: `Upstream '<id>' <how>: <message> (<code>)`, its status from the code
 * (`statusOfResponsesFailure`), retryable as any upstream error of that status.
 * @param how what happened, e.g. `failed mid-stream`
 */
export function decodeResponsesFailure(
  failure:
    | { readonly code?: string | number | null | undefined; readonly message?: string | null | undefined }
    | undefined,
  exchange: UpstreamExchange,
  how: string,
): UpstreamHttpError {
  const code = failure?.code ?? undefined;
  const message = failure?.message ?? 'no message';
  return new UpstreamHttpError(
    { upstreamId: exchange.providerId, endpoint: '' },
    statusOfResponsesFailure(code),
    `Upstream '${exchange.providerId}' ${how}: ${message}${code === undefined ? '' : ` (${String(code)})`}`,
  );
}
