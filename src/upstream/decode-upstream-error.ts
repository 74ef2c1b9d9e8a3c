import { UpstreamHttpError } from '../errors/upstream-error.js';
import { parseRetryAfterMs } from './parse-retry-after.js';

/** Longest excerpt of a non-JSON upstream error body put into a message, characters. */
const MAX_BODY_EXCERPT = 500;

/** An upstream's HTTP error answer, as read off the wire. */
export interface UpstreamErrorAnswer {
  readonly upstreamId: string;
  readonly endpoint: string;
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  /** Retry this failure even if its status alone would not say so (another credential is left). */
  readonly retryOnAnotherCredential?: boolean | undefined;
}

/**
 * Turns an upstream's 4xx/5xx answer into the error the client sees: same status, the upstream's
 * own message prefixed with which upstream answered, its Anthropic error type when it used
 * Anthropic's envelope, and its retry hint. Local servers that have no model loaded (LM Studio's
 * "No models loaded … lms load", Ollama's "model … not found, try pulling it") get a message
 * that says what to do there.
 * Format-independent: one decoder for every upstream format.
 * Source: Anthropic API reference, "Errors" (envelope); OpenAI API reference, error object
 * `{"error":{"message","type","param","code"}}` (its `type` is not kept: client encoders derive
 * theirs from the status); `{"error":"…"}`, `{"message"}` / `{"detail"}` bodies of local servers;
 * Gemini's OpenAI-compatible array of envelopes.
 */
export function decodeUpstreamError(answer: UpstreamErrorAnswer): UpstreamHttpError {
  const { message, type } = readErrorBody(answer.body);
  const retryAfterMs = parseRetryAfterMs(answer.headers);
  const hint = localServerHint(answer.upstreamId, message);
  const text = `Upstream '${answer.upstreamId}' answered ${answer.status}: ${message}${hint}`;
  return new UpstreamHttpError(
    { upstreamId: answer.upstreamId, endpoint: answer.endpoint },
    answer.status,
    text,
    {
      upstreamErrorType: type,
      retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
      retryable: answer.retryOnAnotherCredential === true ? true : undefined,
    },
  );
}

function readErrorBody(body: string): { message: string; type: string | undefined } {
  const trimmed = body.trim();
  if (trimmed === '') return { message: '(empty body)', type: undefined };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return { message: excerpt(trimmed), type: undefined };
  }
  // Gemini's OpenAI compatibility layer answers with an array of error envelopes.
  if (Array.isArray(json) && json.length > 0) json = json[0];
  if (typeof json !== 'object' || json === null) return { message: excerpt(trimmed), type: undefined };
  const error = (json as { error?: unknown }).error;
  if (typeof error === 'string') return { message: error, type: undefined };
  if (typeof error === 'object' && error !== null) {
    const fields = error as { message?: unknown; type?: unknown };
    const message = typeof fields.message === 'string' ? fields.message : excerpt(trimmed);
    const isAnthropicEnvelope = (json as { type?: unknown }).type === 'error';
    const type = isAnthropicEnvelope && typeof fields.type === 'string' ? fields.type : undefined;
    return { message, type };
  }
  const message =
    (json as { message?: unknown; detail?: unknown }).message ?? (json as { detail?: unknown }).detail;
  return { message: typeof message === 'string' ? message : excerpt(trimmed), type: undefined };
}

function localServerHint(upstreamId: string, message: string): string {
  if (/no models? (is |are )?loaded|lms load/i.test(message)) {
    return ` — no model is loaded on upstream '${upstreamId}': load a model there (LM Studio: open the developer page or run \`lms load <model>\`) and retry.`;
  }
  const pull = /model ['"]?([^'"\s]+)['"]? not found, try pulling it/i.exec(message);
  if (pull) return ` — run \`ollama pull ${pull[1] ?? '<model>'}\` on that machine, then retry.`;
  return '';
}

function excerpt(text: string): string {
  return text.length > MAX_BODY_EXCERPT ? `${text.slice(0, MAX_BODY_EXCERPT)}…` : text;
}
