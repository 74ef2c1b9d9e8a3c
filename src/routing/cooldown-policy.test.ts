import { describe, expect, it } from 'vitest';
import {
  classifyFailure,
  DEFAULT_COOLDOWN_POLICY,
  describeCooldownPolicy,
  isModelNotFound,
  mergeCooldownPolicy,
  type FailureAction,
  type FailureInput,
} from './cooldown-policy.js';

const NOW = Date.parse('2025-08-21T12:40:00Z');
const MINUTE = 60_000;
const HOUR = 3_600_000;

type Expected = Pick<FailureAction, 'scope' | 'kind' | 'durationMs' | 'retryable'>;

const modelNotFoundBodies = [
  '{"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","code":"model_not_found"}}',
  '{"type":"error","error":{"type":"not_found_error","message":"model: claude-opus-9"}}',
  '{"error":"model \'llama9\' not found, try pulling it first"}',
  '{"error":{"code":404,"message":"models/gemini-9-pro is not found for API version v1beta","status":"NOT_FOUND"}}',
];

describe('classifyFailure: the policy table', () => {
  it.each<[string, FailureInput, number, Expected]>([
    [
      '429 with retry-after',
      { status: 429, headers: { 'retry-after': '20' } },
      0,
      { scope: 'credential-model', kind: 'cooldown', durationMs: 20_000, retryable: true },
    ],
    [
      '429 with Gemini RetryInfo',
      {
        status: 429,
        headers: {},
        body: '{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"47s"}]}}',
      },
      3,
      { scope: 'credential-model', kind: 'cooldown', durationMs: 47_000, retryable: true },
    ],
    [
      '429 hint capped at 24 h',
      { status: 429, headers: { 'retry-after': String(48 * 3600) } },
      0,
      { scope: 'credential-model', kind: 'cooldown', durationMs: 24 * HOUR, retryable: true },
    ],
    [
      '429 no hint, level 0 → 1 s',
      { status: 429, headers: {} },
      0,
      { scope: 'credential-model', kind: 'cooldown', durationMs: 1000, retryable: true },
    ],
    [
      '429 no hint, level 3 → 8 s',
      { status: 429, headers: {} },
      3,
      { scope: 'credential-model', kind: 'cooldown', durationMs: 8000, retryable: true },
    ],
    [
      '429 no hint, level 20 → 30 min cap',
      { status: 429, headers: {} },
      20,
      { scope: 'credential-model', kind: 'cooldown', durationMs: 30 * MINUTE, retryable: true },
    ],
    [
      '401',
      { status: 401, headers: {} },
      0,
      { scope: 'credential', kind: 'blocked', durationMs: 30 * MINUTE, retryable: true },
    ],
    [
      '402',
      { status: 402, headers: {} },
      0,
      { scope: 'credential', kind: 'blocked', durationMs: 30 * MINUTE, retryable: true },
    ],
    [
      '403',
      { status: 403, headers: {} },
      0,
      { scope: 'credential', kind: 'blocked', durationMs: 30 * MINUTE, retryable: true },
    ],
    [
      '404 model not found',
      { status: 404, headers: {}, body: modelNotFoundBodies[0] },
      0,
      { scope: 'credential-model', kind: 'model-unavailable', durationMs: 12 * HOUR, retryable: true },
    ],
    [
      '404 other',
      { status: 404, headers: {}, body: '{"error":{"message":"Not Found"}}' },
      0,
      { scope: 'none', kind: 'none', durationMs: 0, retryable: false },
    ],
    [
      '408',
      { status: 408, headers: {} },
      0,
      { scope: 'upstream', kind: 'upstream-cooldown', durationMs: MINUTE, retryable: true },
    ],
    [
      '500',
      { status: 500, headers: {} },
      0,
      { scope: 'upstream', kind: 'upstream-cooldown', durationMs: MINUTE, retryable: true },
    ],
    [
      '503',
      { status: 503, headers: {} },
      0,
      { scope: 'upstream', kind: 'upstream-cooldown', durationMs: MINUTE, retryable: true },
    ],
    [
      '529 overloaded',
      { status: 529, headers: {} },
      0,
      { scope: 'upstream', kind: 'upstream-cooldown', durationMs: MINUTE, retryable: true },
    ],
    [
      'network error',
      { networkError: true, headers: {} },
      0,
      { scope: 'upstream', kind: 'upstream-cooldown', durationMs: MINUTE, retryable: true },
    ],
    [
      'timeout',
      { timeout: true, headers: {} },
      0,
      { scope: 'upstream', kind: 'upstream-cooldown', durationMs: MINUTE, retryable: true },
    ],
    [
      '400',
      { status: 400, headers: {} },
      0,
      { scope: 'none', kind: 'none', durationMs: 0, retryable: false },
    ],
    [
      '413',
      { status: 413, headers: {} },
      0,
      { scope: 'none', kind: 'none', durationMs: 0, retryable: false },
    ],
    [
      '422',
      { status: 422, headers: {} },
      0,
      { scope: 'none', kind: 'none', durationMs: 0, retryable: false },
    ],
    [
      '409 retryable, no cooldown',
      { status: 409, headers: {} },
      0,
      { scope: 'none', kind: 'none', durationMs: 0, retryable: true },
    ],
    [
      'x-should-retry: false wins',
      { status: 500, headers: { 'x-should-retry': 'false' } },
      0,
      { scope: 'upstream', kind: 'upstream-cooldown', durationMs: MINUTE, retryable: false },
    ],
    [
      'x-should-retry: true wins',
      { status: 400, headers: { 'x-should-retry': 'true' } },
      0,
      { scope: 'none', kind: 'none', durationMs: 0, retryable: true },
    ],
  ])('%s', (_name, input, level, expected) => {
    const action = classifyFailure(input, DEFAULT_COOLDOWN_POLICY, level, NOW);
    expect(action).toMatchObject(expected);
    expect(action.reason).not.toBe('');
  });

  it('uses the policy it is given', () => {
    const policy = mergeCooldownPolicy(DEFAULT_COOLDOWN_POLICY, {
      upstreamCooldownMs: 5000,
      blockStatuses: [401],
      rateLimitBaseMs: 250,
    });
    expect(classifyFailure({ status: 502, headers: {} }, policy, 0, NOW).durationMs).toBe(5000);
    expect(classifyFailure({ status: 403, headers: {} }, policy, 0, NOW).kind).toBe('none');
    expect(classifyFailure({ status: 429, headers: {} }, policy, 2, NOW).durationMs).toBe(1000);
  });
});

describe('isModelNotFound', () => {
  it.each(modelNotFoundBodies)('%s', (body) => expect(isModelNotFound(body)).toBe(true));
  it.each([
    '{"error":{"message":"Not Found"}}',
    '{"type":"error","error":{"type":"not_found_error","message":"File not found"}}',
    '',
  ])('not: %s', (body) => expect(isModelNotFound(body)).toBe(false));
});

describe('mergeCooldownPolicy', () => {
  it('overrides only the given fields and leaves the base alone', () => {
    const merged = mergeCooldownPolicy(DEFAULT_COOLDOWN_POLICY, { blockMs: 1000 });
    expect(merged).toEqual({ ...DEFAULT_COOLDOWN_POLICY, blockMs: 1000 });
    expect(DEFAULT_COOLDOWN_POLICY.blockMs).toBe(30 * MINUTE);
    expect(Object.isFrozen(merged)).toBe(true);
  });

  it('rejects bad durations and statuses', () => {
    expect(() => mergeCooldownPolicy(DEFAULT_COOLDOWN_POLICY, { blockMs: -1 })).toThrow(RangeError);
    expect(() => mergeCooldownPolicy(DEFAULT_COOLDOWN_POLICY, { modelNotFoundMs: Infinity })).toThrow(
      RangeError,
    );
    expect(() => mergeCooldownPolicy(DEFAULT_COOLDOWN_POLICY, { blockStatuses: [401.5] })).toThrow(
      RangeError,
    );
  });
});

describe('describeCooldownPolicy', () => {
  it('renders the default table in Markdown', () => {
    const text = describeCooldownPolicy(DEFAULT_COOLDOWN_POLICY);
    expect(text).toContain('| Trigger | Applies to | Effect | Duration | Retry elsewhere |');
    expect(text).toContain('| 401/402/403 | the credential | blocked | 30 min | yes |');
    expect(text).toContain(
      '| 404 model not found | the credential, for that model | model unavailable | 12 h | yes |',
    );
    expect(text).toContain(
      '| 408, 5xx, 529, network error, timeout | the whole upstream | upstream cooldown | 1 min | yes |',
    );
    expect(text).toContain('else 1 s · 2ⁿ up to 30 min');
    expect(text.split('\n').filter((line) => line.startsWith('|'))).toHaveLength(7);
  });
});
