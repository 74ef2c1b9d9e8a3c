import { retryHintMs, type ResponseHeaders } from './parse-rate-limit-headers.js';

/**
 * Durations (ms) and status lists of the cooldown policy. One default for every upstream, which an
 * upstream entry may override field by field ({@link mergeCooldownPolicy}).
 */
export interface CooldownPolicy {
  /** 429 without a hint: first cooldown of the credential for that model; doubles per backoff level. */
  readonly rateLimitBaseMs: number;
  /** Cap of the exponential 429 cooldown. */
  readonly rateLimitMaxMs: number;
  /** Cap of an upstream's own retry hint (Gemini daily quotas say "retry in 10h"). */
  readonly retryHintMaxMs: number;
  /** Statuses that block the credential as a whole (bad, unpaid or forbidden key). */
  readonly blockStatuses: readonly number[];
  /** How long a blocked credential stays out. */
  readonly blockMs: number;
  /** How long a model stays off one credential after a 404 "model not found". */
  readonly modelNotFoundMs: number;
  /** How long the whole upstream cools down after 408, 5xx (529 included), network errors, timeouts. */
  readonly upstreamCooldownMs: number;
}

/** The default policy table (see {@link describeCooldownPolicy} for its rendering). */
export const DEFAULT_COOLDOWN_POLICY: CooldownPolicy = Object.freeze({
  rateLimitBaseMs: 1000,
  rateLimitMaxMs: 30 * 60_000,
  retryHintMaxMs: 24 * 3_600_000,
  blockStatuses: Object.freeze([401, 402, 403]),
  blockMs: 30 * 60_000,
  modelNotFoundMs: 12 * 3_600_000,
  upstreamCooldownMs: 60_000,
});

/** Where a failure's consequence applies. */
export type FailureScope = 'credential-model' | 'credential' | 'upstream' | 'none';

/** What a failure does to routing state. */
export type FailureKind = 'cooldown' | 'blocked' | 'model-unavailable' | 'upstream-cooldown' | 'none';

/** The consequence of one failed upstream attempt, as `credential-health.recordFailure` applies it. */
export interface FailureAction {
  readonly scope: FailureScope;
  readonly kind: FailureKind;
  /** How long the state lasts, ms (0 for `none`). */
  readonly durationMs: number;
  /** Short human text for logs and status APIs (`429 rate limited, retry hint 20000 ms`). */
  readonly reason: string;
  /** Whether the attempt loop may try again (another credential, another candidate). */
  readonly retryable: boolean;
}

/** One failed attempt, as seen by the attempt loop. */
export interface FailureInput {
  /** HTTP status, when the upstream answered. */
  readonly status?: number | undefined;
  /** The upstream could not be reached (connection refused, reset, DNS, TLS). */
  readonly networkError?: boolean | undefined;
  /** The upstream did not answer in time. */
  readonly timeout?: boolean | undefined;
  /** Response body text, when read (model-not-found detection, Gemini RetryInfo). */
  readonly body?: string | undefined;
  /** Response headers, lower-case names. */
  readonly headers: ResponseHeaders;
}

/**
 * Bodies that say "this model does not exist here": OpenAI `model_not_found`, Anthropic
 * `not_found_error` naming a model, "model … not found" (Ollama, vLLM, LM Studio), "does not exist"
 * (OpenAI), Gemini `NOT_FOUND` for `models/…`.
 */
const MODEL_NOT_FOUND_PATTERNS: readonly ((body: string) => boolean)[] = [
  (body) => /model_not_found/i.test(body),
  (body) => /not_found_error/.test(body) && /model/i.test(body),
  (body) => /model\b.*\bnot found/i.test(body),
  (body) => /does not exist/i.test(body),
  (body) => /NOT_FOUND/.test(body) && /models\//.test(body),
];

/**
 * Classifies a failed attempt by the policy table:
 *
 * | trigger | scope | kind | duration |
 * | --- | --- | --- | --- |
 * | 429 | credential-model | cooldown | upstream hint ({@link retryHintMs}), else min(base·2^level, max) |
 * | 401/402/403 | credential | blocked | `blockMs` |
 * | 404 model not found | credential-model | model-unavailable | `modelNotFoundMs` |
 * | 408, 5xx, 529, network, timeout | upstream | upstream-cooldown | `upstreamCooldownMs` |
 * | 400, 413, 422, other 404, other | none | none | 0 |
 *
 * `retryable` follows the SDKs: `x-should-retry: true|false` wins; otherwise every row with a
 * cooldown is retryable (another credential or candidate may serve), 409 too, the rest not.
 * Source: the Switchboard issue "Cooldowns"; DESIGN.md "Retry semantics as the official SDKs".
 *
 * @param backoffLevel the credential's consecutive 429s without a hint so far (0 after a success)
 * @param now current time, ms since epoch (for HTTP-date and RFC 3339 hints)
 */
export function classifyFailure(
  input: FailureInput,
  policy: CooldownPolicy,
  backoffLevel: number,
  now: number,
): FailureAction {
  const action = classifyByTable(input, policy, backoffLevel, now);
  const shouldRetry = headerValue(input.headers, 'x-should-retry');
  if (shouldRetry === 'true') return { ...action, retryable: true };
  if (shouldRetry === 'false') return { ...action, retryable: false };
  return action;
}

function classifyByTable(
  input: FailureInput,
  policy: CooldownPolicy,
  backoffLevel: number,
  now: number,
): FailureAction {
  const { status } = input;
  if (input.timeout === true) return upstreamCooldown(policy, 'upstream timed out');
  if (input.networkError === true || status === undefined) return upstreamCooldown(policy, 'network error');
  if (status === 429) {
    const hint = retryHintMs(status, input.headers, input.body, now);
    if (hint !== undefined) {
      const durationMs = Math.min(hint, policy.retryHintMaxMs);
      return credentialModel('cooldown', durationMs, `429 rate limited, retry hint ${durationMs} ms`, true);
    }
    const level = Math.max(0, Math.floor(backoffLevel));
    const durationMs = Math.min(policy.rateLimitBaseMs * 2 ** level, policy.rateLimitMaxMs);
    return credentialModel('cooldown', durationMs, `429 rate limited, backoff level ${level}`, true);
  }
  if (policy.blockStatuses.includes(status)) {
    return {
      scope: 'credential',
      kind: 'blocked',
      durationMs: policy.blockMs,
      reason: `${status} credential rejected`,
      retryable: true,
    };
  }
  if (status === 404) {
    return isModelNotFound(input.body ?? '')
      ? credentialModel('model-unavailable', policy.modelNotFoundMs, '404 model not found', true)
      : none('404 not found', false);
  }
  if (status === 408 || status >= 500) return upstreamCooldown(policy, `${status} upstream error`);
  if (status === 409) return none('409 conflict', true);
  if (status >= 200 && status < 400) return none(`${status} is no failure`, false);
  return none(`${status} client error`, false);
}

/** Whether a 404 body says the model does not exist (see {@link MODEL_NOT_FOUND_PATTERNS}). */
export function isModelNotFound(body: string): boolean {
  return MODEL_NOT_FOUND_PATTERNS.some((matches) => matches(body));
}

/**
 * A policy with some fields replaced (per-upstream overrides from config).
 * @throws RangeError when an override duration is negative or not finite, or a status is not an integer
 */
export function mergeCooldownPolicy(
  base: CooldownPolicy,
  overrides: Partial<CooldownPolicy>,
): CooldownPolicy {
  const merged: CooldownPolicy = { ...base, ...definedFields(overrides) };
  for (const [name, value] of Object.entries(merged)) {
    if (typeof value === 'number' && (!Number.isFinite(value) || value < 0)) {
      throw new RangeError(`Cooldown policy '${name}' must be a duration ≥ 0 ms, got ${value}.`);
    }
  }
  if (!merged.blockStatuses.every((status) => Number.isInteger(status))) {
    throw new RangeError('Cooldown policy blockStatuses must be HTTP status integers.');
  }
  return Object.freeze({ ...merged, blockStatuses: Object.freeze([...merged.blockStatuses]) });
}

/** The policy table as Markdown (README, `switchboard status`), durations in human units. */
export function describeCooldownPolicy(policy: CooldownPolicy): string {
  const rows: readonly (readonly string[])[] = [
    ['Trigger', 'Applies to', 'Effect', 'Duration', 'Retry elsewhere'],
    ['---', '---', '---', '---', '---'],
    [
      '429 rate limited',
      'the credential, for that model',
      'cooldown',
      `upstream hint (Retry-After, retry-after-ms, anthropic-ratelimit-*-reset, x-ratelimit-reset-*, Gemini RetryInfo; at most ${formatMs(policy.retryHintMaxMs)}), else ${formatMs(policy.rateLimitBaseMs)} · 2ⁿ up to ${formatMs(policy.rateLimitMaxMs)}`,
      'yes',
    ],
    [policy.blockStatuses.join('/'), 'the credential', 'blocked', formatMs(policy.blockMs), 'yes'],
    [
      '404 model not found',
      'the credential, for that model',
      'model unavailable',
      formatMs(policy.modelNotFoundMs),
      'yes',
    ],
    [
      '408, 5xx, 529, network error, timeout',
      'the whole upstream',
      'upstream cooldown',
      formatMs(policy.upstreamCooldownMs),
      'yes',
    ],
    ['400, 413, 422, other 404', 'nothing', 'none (the request is at fault)', '-', 'no'],
  ];
  const table = rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  return `${table}\n\nA success clears the credential's backoff level n. Cooldowns are keyed by credential id, so a changed key or proxy starts clean.`;
}

function formatMs(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

function credentialModel(
  kind: FailureKind,
  durationMs: number,
  reason: string,
  retryable: boolean,
): FailureAction {
  return { scope: 'credential-model', kind, durationMs, reason, retryable };
}

function upstreamCooldown(policy: CooldownPolicy, reason: string): FailureAction {
  return {
    scope: 'upstream',
    kind: 'upstream-cooldown',
    durationMs: policy.upstreamCooldownMs,
    reason,
    retryable: true,
  };
}

function none(reason: string, retryable: boolean): FailureAction {
  return { scope: 'none', kind: 'none', durationMs: 0, reason, retryable };
}

function definedFields(overrides: Partial<CooldownPolicy>): Partial<CooldownPolicy> {
  return Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
}

function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim().toLowerCase();
}
