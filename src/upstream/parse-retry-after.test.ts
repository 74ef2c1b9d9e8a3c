import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from './parse-retry-after.js';

// RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds; `retry-after-ms` is the SDKs' extension.
const NOW = Date.UTC(2015, 9, 21, 7, 28, 0); // Wed, 21 Oct 2015 07:28:00 GMT

type Headers = Record<string, string | string[] | undefined>;

describe('parseRetryAfterMs', () => {
  it.each<[string, Headers, number | undefined]>([
    ['retry-after-ms', { 'retry-after-ms': '250' }, 250],
    ['retry-after-ms wins over retry-after', { 'retry-after-ms': '1500', 'retry-after': '10' }, 1500],
    ['retry-after-ms of 0', { 'retry-after-ms': '0' }, 0],
    ['fractional retry-after-ms', { 'retry-after-ms': '12.5' }, 12.5],
    [
      'unusable retry-after-ms falls back to retry-after',
      { 'retry-after-ms': 'abc', 'retry-after': '2' },
      2000,
    ],
    [
      'negative retry-after-ms falls back to retry-after',
      { 'retry-after-ms': '-1', 'retry-after': '2' },
      2000,
    ],
    ['seconds', { 'retry-after': '3' }, 3000],
    ['zero seconds', { 'retry-after': '0' }, 0],
    ['fractional seconds', { 'retry-after': '0.5' }, 500],
    ['seconds with spaces', { 'retry-after': ' 4 ' }, 4000],
    ['HTTP date 90 s ahead', { 'retry-after': 'Wed, 21 Oct 2015 07:29:30 GMT' }, 90_000],
    ['HTTP date now', { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }, 0],
    ['HTTP date in the past', { 'retry-after': 'Wed, 21 Oct 2015 07:00:00 GMT' }, 0],
    ['garbage word', { 'retry-after': 'soon' }, undefined],
    ['garbage phrase', { 'retry-after': 'in two minutes' }, undefined],
    ['empty', { 'retry-after': '' }, undefined],
    ['blank', { 'retry-after': '   ' }, undefined],
    ['no headers', {}, undefined],
    ['undefined value', { 'retry-after': undefined }, undefined],
    ['array of seconds takes the first', { 'retry-after': ['2', '9'] }, 2000],
    ['array of ms takes the first', { 'retry-after-ms': ['250', '9000'] }, 250],
    ['empty array', { 'retry-after': [] }, undefined],
  ])('%s', (_name, headers, expected) => {
    expect(parseRetryAfterMs(headers, NOW)).toBe(expected);
  });

  it('measures an HTTP date against the current time by default', () => {
    const inOneHour = new Date(Date.now() + 3_600_000).toUTCString();
    const delay = parseRetryAfterMs({ 'retry-after': inOneHour });
    expect(delay).toBeGreaterThan(3_590_000);
    expect(delay).toBeLessThanOrEqual(3_600_000);
  });

  it.each([['-5'], ['1 2'], ['2 minutes'], ['Infinity'], ['0x10']])(
    'retry-after %j is no usable hint',
    (value) => {
      expect(parseRetryAfterMs({ 'retry-after': value }, NOW)).toBeUndefined();
    },
  );

  // Regression test (found by the unit-test pass, fixed since).
  it('retry-after "abc 1" is no usable hint', () => {
    expect(parseRetryAfterMs({ 'retry-after': 'abc 1' }, NOW)).toBeUndefined();
  });

  // Regression test (found by the unit-test pass, fixed since).
  it('an RFC 850 date is read', () => {
    expect(parseRetryAfterMs({ 'retry-after': 'Wednesday, 21-Oct-15 07:29:30 GMT' }, NOW)).toBe(90_000);
  });
});
