import { describe, expect, it } from 'vitest';
import {
  parseDurationMs,
  remainingFraction,
  retryHintMs,
  type ResponseHeaders,
} from './parse-rate-limit-headers.js';

const NOW = Date.parse('2025-08-21T12:40:00Z');

// Bodies modelled on Gemini API 429 RESOURCE_EXHAUSTED answers (google.rpc.RetryInfo in `details`).
const geminiBody = (retryDelay: string): string =>
  JSON.stringify({
    error: {
      code: 429,
      message: 'You exceeded your current quota.',
      status: 'RESOURCE_EXHAUSTED',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay },
      ],
    },
  });

describe('retryHintMs', () => {
  it.each<[string, number, ResponseHeaders, string | undefined, number | undefined]>([
    ['retry-after seconds', 429, { 'retry-after': '20' }, undefined, 20_000],
    ['retry-after-ms wins', 429, { 'retry-after-ms': '1500', 'retry-after': '20' }, undefined, 1500],
    ['retry-after on a 503', 503, { 'retry-after': '5' }, undefined, 5000],
    ['retry-after beats Gemini RetryInfo', 429, { 'retry-after': '2' }, geminiBody('47s'), 2000],
    ['Gemini RetryInfo 47s', 429, {}, geminiBody('47s'), 47_000],
    ['Gemini RetryInfo 0.5s', 429, {}, geminiBody('0.5s'), 500],
    ['Gemini RetryInfo in an array envelope', 429, {}, `[${geminiBody('3s')}]`, 3000],
    ['Gemini body without RetryInfo', 429, {}, '{"error":{"code":429,"details":[]}}', undefined],
    ['non-JSON body', 429, {}, 'RetryInfo soon', undefined],
    [
      'Anthropic: latest reset of the exhausted windows',
      429,
      {
        'anthropic-ratelimit-requests-remaining': '0',
        'anthropic-ratelimit-requests-reset': '2025-08-21T12:40:30Z',
        'anthropic-ratelimit-tokens-remaining': '0',
        'anthropic-ratelimit-tokens-reset': '2025-08-21T12:40:45Z',
        'anthropic-ratelimit-input-tokens-remaining': '5000',
        'anthropic-ratelimit-input-tokens-reset': '2025-08-21T12:41:00Z',
      },
      undefined,
      45_000,
    ],
    [
      'Anthropic: no window at 0 → latest of all',
      429,
      {
        'anthropic-ratelimit-requests-reset': '2025-08-21T12:40:10Z',
        'anthropic-ratelimit-output-tokens-reset': '2025-08-21T12:40:12.500Z',
      },
      undefined,
      12_500,
    ],
    [
      'Anthropic: reset in the past → 0',
      429,
      { 'anthropic-ratelimit-requests-reset': '2025-08-21T12:39:00Z' },
      undefined,
      0,
    ],
    [
      'Anthropic: reset with offset',
      429,
      { 'anthropic-ratelimit-tokens-reset': '2025-08-21T14:40:05+02:00' },
      undefined,
      5000,
    ],
    [
      'Anthropic: garbage reset',
      429,
      { 'anthropic-ratelimit-tokens-reset': 'tomorrow' },
      undefined,
      undefined,
    ],
    [
      'OpenAI: exhausted requests window',
      429,
      {
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '6m0s',
        'x-ratelimit-remaining-tokens': '1000',
        'x-ratelimit-reset-tokens': '1h',
      },
      undefined,
      360_000,
    ],
    [
      'OpenAI: latest of all',
      429,
      { 'x-ratelimit-reset-requests': '20ms', 'x-ratelimit-reset-tokens': '1s' },
      undefined,
      1000,
    ],
    [
      'provider resets ignored for a 503',
      503,
      { 'x-ratelimit-reset-requests': '1s' },
      geminiBody('4s'),
      undefined,
    ],
    ['nothing', 429, {}, undefined, undefined],
  ])('%s', (_name, status, headers, body, expected) => {
    expect(retryHintMs(status, headers, body, NOW)).toBe(expected);
  });
});

describe('parseDurationMs', () => {
  it.each<[string | undefined, number | undefined]>([
    ['1s', 1000],
    ['6m0s', 360_000],
    ['20ms', 20],
    ['1h2m3.5s', 3_723_500],
    ['0.5s', 500],
    ['7', 7000],
    ['1m30s', 90_000],
    ['500us', 0.5],
    ['', undefined],
    ['soon', undefined],
    ['5 s', undefined],
    ['-1s', undefined],
    [undefined, undefined],
  ])('%s → %s', (value, expected) => {
    expect(parseDurationMs(value)).toBe(expected);
  });
});

describe('remainingFraction', () => {
  it.each<[string, ResponseHeaders, number | undefined]>([
    [
      'Anthropic requests',
      { 'anthropic-ratelimit-requests-remaining': '50', 'anthropic-ratelimit-requests-limit': '1000' },
      0.05,
    ],
    [
      'smallest of Anthropic families',
      {
        'anthropic-ratelimit-requests-remaining': '999',
        'anthropic-ratelimit-requests-limit': '1000',
        'anthropic-ratelimit-input-tokens-remaining': '8000',
        'anthropic-ratelimit-input-tokens-limit': '80000',
        'anthropic-ratelimit-output-tokens-remaining': '16000',
        'anthropic-ratelimit-output-tokens-limit': '16000',
      },
      0.1,
    ],
    [
      'OpenAI requests and tokens',
      {
        'x-ratelimit-remaining-requests': '4999',
        'x-ratelimit-limit-requests': '5000',
        'x-ratelimit-remaining-tokens': '40000',
        'x-ratelimit-limit-tokens': '160000',
      },
      0.25,
    ],
    ['exhausted', { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-limit-requests': '60' }, 0],
    [
      'Azure -1 values skipped',
      { 'x-ratelimit-remaining-tokens': '-1', 'x-ratelimit-limit-tokens': '-1' },
      undefined,
    ],
    ['remaining without limit', { 'x-ratelimit-remaining-requests': '3' }, undefined],
    [
      'non-numeric',
      { 'x-ratelimit-remaining-requests': 'many', 'x-ratelimit-limit-requests': '10' },
      undefined,
    ],
    [
      'array values',
      { 'x-ratelimit-remaining-requests': ['1', '9'], 'x-ratelimit-limit-requests': ['4'] },
      0.25,
    ],
    [
      'remaining above limit clamps to 1',
      { 'x-ratelimit-remaining-requests': '12', 'x-ratelimit-limit-requests': '10' },
      1,
    ],
    ['no headers', {}, undefined],
  ])('%s', (_name, headers, expected) => {
    expect(remainingFraction(headers)).toBe(expected);
  });
});
