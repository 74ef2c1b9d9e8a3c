// The scripted replies the fake Gemini API upstream answers with, and the error envelope's `status` per HTTP
// code. Shapes follow the Gemini API reference (https://ai.google.dev/api): "Generating content"
// (`models.generateContent`, `models.streamGenerateContent`, `GenerateContentResponse`, `Candidate`,
// `UsageMetadata`), the `Part` / `FunctionCall` types of googleapis/js-genai `src/types.ts`, and the
// "API errors" page (https://ai.google.dev/gemini-api/docs/generate-content/api-errors) for error bodies.
// Recorded examples are in __fixtures__/gemini-*; each names its source.

/**
 * Why a fake candidate stopped: `Candidate.finishReason` values ("Generating content", `FinishReason`). Sent
 * in the JSON body and on the last chunk of a stream. The API uses `STOP` for function calls too.
 */
export type FakeGeminiFinishReason = 'STOP' | 'MAX_TOKENS' | 'SAFETY' | 'MALFORMED_FUNCTION_CALL';

/**
 * `usageMetadata` with its wire field names ("Generating content", `UsageMetadata`); integer token counts.
 * `thoughtsTokenCount` and `cachedContentTokenCount` are sent only when non-zero, as the API does.
 */
export interface FakeGeminiUsage {
  promptTokenCount: number;
  candidatesTokenCount: number;
  totalTokenCount: number;
  thoughtsTokenCount: number;
  cachedContentTokenCount: number;
}

/** Overrides for the computed {@link FakeGeminiUsage}; `totalTokenCount` defaults to prompt + candidates + thoughts. */
export type FakeGeminiUsageOverrides = Partial<FakeGeminiUsage>;

/**
 * One `functionCall` part: `{functionCall: {name, args, id?}, thoughtSignature?}`. `id` is sent only when set
 * (the Gemini API returns one from the Gemini 3 models on, e.g. `"id": "g1bmv6il"` in the recorded
 * __fixtures__/gemini-function-call-stream.sse; Gemini 2.5 sends none). `thoughtSignature` is a sibling of
 * `functionCall` on the part (js-genai `Part.thoughtSignature`), never inside it.
 */
export interface FakeGeminiFunctionCall {
  name: string;
  args: Record<string, unknown>;
  id?: string;
  thoughtSignature?: string;
}

/**
 * A thought summary, sent as a `{text, thought: true}` part before the answer ("Thinking" guide,
 * `thinkingConfig.includeThoughts`). `signature` (default {@link DEFAULT_GEMINI_THOUGHT_SIGNATURE}) goes on the
 * first function call part when there is one, else on the first text part, else on the thought part itself:
 * the "Thought signatures" guide puts it on the first `functionCall` part of a function-calling turn, and the
 * recorded Gemini 2.5 / 3 bodies carry it on the answer's text part.
 */
export interface FakeGeminiThoughts {
  text: string;
  signature?: string;
}

/**
 * A successful response: one `GenerateContentResponse` for `:generateContent`, or chunks for
 * `:streamGenerateContent` (thought text and answer text cut into `chunkSize`-character pieces, one piece per
 * chunk; each function call whole in its own chunk; `finishReason` and `usageMetadata` on the last chunk, or
 * running totals on every chunk with `usageOnEveryChunk`, as the live API sends them).
 * - `text`: the answer's text part, left out when undefined; with no part at all `content` has no `parts`
 *   (as the API answers a MAX_TOKENS spent thinking).
 * - `finishReason` defaults to `STOP`.
 * - `delayMs` waits before answering, `eventDelayMs` between chunks (ms).
 */
export interface FakeGeminiMessageReply {
  kind: 'message';
  text?: string;
  functionCalls?: FakeGeminiFunctionCall[];
  thoughts?: FakeGeminiThoughts;
  finishReason?: FakeGeminiFinishReason;
  usage?: FakeGeminiUsageOverrides;
  usageOnEveryChunk?: boolean;
  eventDelayMs?: number;
  delayMs?: number;
}

/**
 * An HTTP error with the API's envelope `{"error": {code, message, status, details?}}` ("API errors").
 * `grpcStatus` defaults to {@link resolveGeminiErrorStatus}`(status)`. `details` are sent as given, then a
 * `google.rpc.RetryInfo` detail (`retryDelay: "<seconds>s"`) when `retryDelaySeconds` is set. `headers` are
 * added to the response. For `:streamGenerateContent` without `alt=sse` the envelope is wrapped in a JSON array,
 * as the API answers there (continuedev/continue#8516 quotes such a `[{"error": …}]` body).
 */
export interface FakeGeminiErrorReply {
  kind: 'error';
  status: number;
  grpcStatus?: string;
  message: string;
  retryDelaySeconds?: number;
  details?: Record<string, unknown>[];
  headers?: Record<string, string>;
}

/**
 * Any status and body, byte for byte (an HTML 502 page from a proxy, a truncated JSON). `content-type`
 * defaults to `application/json` unless set in `headers`.
 */
export interface FakeGeminiRawReply {
  kind: 'raw';
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/**
 * How a faulty stream fails once `afterChunks` chunks were written: `reset` destroys the socket (TCP reset);
 * `stall` stops writing and keeps the socket open until `close()`; `error-chunk` sends
 * {@link GEMINI_INTERNAL_ERROR} as one more chunk (`data: {"error": …}` or an array element), then ends the
 * response, as the API reports a failure after the 200 (the @google/genai SDK raises it as an `ApiError`).
 */
export type FakeGeminiStreamFault = 'reset' | 'stall' | 'error-chunk';

/**
 * A text response that fails after `afterChunks` chunks. For `:generateContent` the fault happens before any
 * byte: `reset` destroys the socket, `stall` never answers, `error-chunk` answers HTTP 500 INTERNAL.
 */
export interface FakeGeminiStreamFaultReply {
  kind: 'stream-fault';
  text: string;
  afterChunks: number;
  fault: FakeGeminiStreamFault;
}

/** Never answer: the request stays open until the fake's `close()`. */
export interface FakeGeminiHangReply {
  kind: 'hang';
}

/** One scripted answer to a `:generateContent` / `:streamGenerateContent` request, used in `enqueue()` order. */
export type FakeGeminiReply =
  | FakeGeminiMessageReply
  | FakeGeminiErrorReply
  | FakeGeminiRawReply
  | FakeGeminiStreamFaultReply
  | FakeGeminiHangReply;

/** Opaque base64 signature of the default thought part (the API's are opaque base64 too). */
export const DEFAULT_GEMINI_THOUGHT_SIGNATURE = Buffer.from('fake-gemini-thought-signature').toString(
  'base64',
);

/**
 * The `status` of the error envelope per HTTP code: the "API errors" table (400 INVALID_ARGUMENT, 403
 * PERMISSION_DENIED, 404 NOT_FOUND, 429 RESOURCE_EXHAUSTED, 499 CANCELLED, 500 INTERNAL, 503 UNAVAILABLE, 504
 * DEADLINE_EXCEEDED), plus 401 UNAUTHENTICATED and 409 ABORTED from the `google.rpc.Code` HTTP mapping.
 */
export const GEMINI_ERROR_STATUS_BY_HTTP: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** The envelope `status` for an HTTP code: {@link GEMINI_ERROR_STATUS_BY_HTTP}, else `UNKNOWN` (≥ 500) or `FAILED_PRECONDITION`. */
export function resolveGeminiErrorStatus(httpStatus: number): string {
  return GEMINI_ERROR_STATUS_BY_HTTP[httpStatus] ?? (httpStatus >= 500 ? 'UNKNOWN' : 'FAILED_PRECONDITION');
}

/**
 * The error object a failing stream sends mid-stream and `error-chunk` sends as HTTP 500: code 500, status
 * INTERNAL, and the message the API sends for it (quoted in ChatGPTNextWeb/NextChat#4468).
 */
export const GEMINI_INTERNAL_ERROR = {
  code: 500,
  message:
    'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  status: 'INTERNAL',
} as const;

/**
 * A free-tier quota 429 as the API sends it: `QuotaFailure` and `Help` details plus `RetryInfo` (message and
 * details from google-gemini/gemini-cli#8437 and googleapis/python-genai#2044; see
 * __fixtures__/gemini-error-quota.json).
 */
export function buildGeminiQuotaError(model: string, retryDelaySeconds: number): FakeGeminiErrorReply {
  return {
    kind: 'error',
    status: 429,
    message:
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
    retryDelaySeconds,
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          {
            quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
            quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
            quotaDimensions: { location: 'global', model },
          },
        ],
      },
      {
        '@type': 'type.googleapis.com/google.rpc.Help',
        links: [
          {
            description: 'Learn more about Gemini API quotas',
            url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
          },
        ],
      },
    ],
  };
}

/**
 * The 404 for a model the API does not know, with the API's message and status as google/adk-python#200 quotes
 * them (`{"code": 404, "message": "models/<model> is not found for API version v1beta, …", "status":
 * "NOT_FOUND"}`). `method` is named in the message: `generateContent`, or `StreamGenerateContent` for streams
 * (ChatGPTNextWeb/NextChat#4699).
 */
export function buildGeminiModelNotFoundError(
  model: string,
  method = 'generateContent',
): FakeGeminiErrorReply {
  return {
    kind: 'error',
    status: 404,
    message: `models/${model} is not found for API version v1beta, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`,
  };
}

/** A `google.rpc.RetryInfo` detail: `retryDelay` is a protobuf Duration in JSON, seconds with an `s` suffix. */
export function buildRetryInfoDetail(retryDelaySeconds: number): Record<string, unknown> {
  return { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySeconds}s` };
}
