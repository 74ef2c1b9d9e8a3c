import { GatewayError } from '../../errors/gateway-error.js';
import { UpstreamHttpError } from '../../errors/upstream-error.js';
import { parseRetryAfterMs } from '../../upstream/parse-retry-after.js';

/** Longest excerpt of a non-JSON upstream error body put into a message, characters. */
export const MAX_ERROR_BODY_EXCERPT = 500;

/** An upstream's HTTP error answer, as read off the wire. */
export interface OpenAIChatUpstreamErrorAnswer {
  readonly upstreamId: string;
  /** The URL called (no query string). */
  readonly endpoint: string;
  readonly status: number;
  /** Response headers, lower-case names. */
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * An OpenAI-format upstream's 4xx/5xx answer → the error the client sees: the same status, the
 * upstream's message prefixed `Upstream '<id>' answered <status>: `, and the retry hint of
 * `retry-after-ms`, then `retry-after` (seconds, rounded up). The OpenAI error `type` is not kept
 * as `upstreamErrorType` (that field holds Anthropic types, which client encoders echo); each
 * client encoder derives its type from the status.
 * Source: OpenAI API reference, error object `{"error":{"message","type","param","code"}}`;
 * openai-node `APIError` (reads `error.message`); Gemini's OpenAI compatibility answers with an
 * array of such objects.
 */
export function decodeOpenAIChatUpstreamError(answer: OpenAIChatUpstreamErrorAnswer): UpstreamHttpError {
  const retryAfterMs = parseRetryAfterMs(answer.headers);
  return new UpstreamHttpError(
    { upstreamId: answer.upstreamId, endpoint: answer.endpoint },
    answer.status,
    `Upstream '${answer.upstreamId}' answered ${answer.status}: ${describeUpstreamErrorBody(answer.body)}`,
    { retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000) },
  );
}

/**
 * A 200 answer that is an error envelope (`error` at the top) or not the expected body → the
 * 502 `upstream_error` the client sees: `Upstream '<id>' answered 200 with an error: <detail>`,
 * the detail being the envelope's message (`describeUpstreamErrorBody`), else `the body is not
 * <expected>`.
 * @param expected what the body should have been, e.g. `a chat completion`
 */
export function decodeUnexpectedAnswer(body: unknown, providerId: string, expected: string): GatewayError {
  const detail =
    typeof body === 'object' && body !== null && 'error' in body
      ? describeUpstreamErrorBody(JSON.stringify(body))
      : `the body is not ${expected}`;
  return new GatewayError(
    'upstream_error',
    502,
    `Upstream '${providerId}' answered 200 with an error: ${detail}`,
  );
}

/**
 * An upstream's mid-stream error event (its `data`) → the error the client sees:
 * `Upstream '<id>' failed mid-stream: <message>` (`describeUpstreamErrorBody`), with the status
 * the event names in `error.code` (OpenRouter, Gemini) when that is an integer 400–599, else 502.
 * @param options.arrayEnvelope also read the status of an envelope wrapped in an array (Gemini's
 *   `[{"error": …}]`)
 */
export function decodeMidStreamError(
  providerId: string,
  data: string,
  options: { readonly arrayEnvelope?: boolean } = {},
): UpstreamHttpError {
  return new UpstreamHttpError(
    { upstreamId: providerId, endpoint: '' },
    statusOfErrorData(data, options.arrayEnvelope === true),
    `Upstream '${providerId}' failed mid-stream: ${describeUpstreamErrorBody(data)}`,
  );
}

function statusOfErrorData(data: string, arrayEnvelope: boolean): number {
  try {
    const parsed = JSON.parse(data) as unknown;
    const envelope = arrayEnvelope && Array.isArray(parsed) ? (parsed[0] as unknown) : parsed;
    const code = (envelope as { error?: { code?: unknown } } | null)?.error?.code;
    if (typeof code === 'number' && Number.isInteger(code) && code >= 400 && code <= 599) return code;
  } catch {
    // not JSON: no status to read
  }
  return 502;
}

/**
 * The message of an error body: `error.message` of OpenAI's envelope (`[envelope]` too), a string
 * `error`, a top-level `message` or `detail`, else an excerpt of the body (500 characters).
 * @returns the message, never empty (`(empty body)` for an empty body)
 */
export function describeUpstreamErrorBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed === '') return '(empty body)';
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return excerpt(trimmed);
  }
  if (Array.isArray(json) && json.length > 0) json = json[0];
  if (typeof json !== 'object' || json === null) return excerpt(trimmed);
  const fields = json as { error?: unknown; message?: unknown; detail?: unknown };
  if (typeof fields.error === 'string' && fields.error !== '') return fields.error;
  if (typeof fields.error === 'object' && fields.error !== null) {
    const message = (fields.error as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
  }
  if (typeof fields.message === 'string' && fields.message !== '') return fields.message;
  if (typeof fields.detail === 'string' && fields.detail !== '') return fields.detail;
  return excerpt(trimmed);
}

function excerpt(text: string): string {
  return text.length > MAX_ERROR_BODY_EXCERPT ? `${text.slice(0, MAX_ERROR_BODY_EXCERPT)}…` : text;
}
