import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeUpstream } from '../../test/support/config-factories.js';
import { AuthenticationError, type GatewayError } from '../errors/gateway-error.js';
import { UpstreamHttpError, UpstreamNetworkError } from '../errors/upstream-error.js';
import { executeAttempts, retryDelayMs, type Attempt, type ExecuteOptions } from './execute.js';
import type { RouteTarget } from './route-table.js';

// Note: vi.useFakeTimers() does not drive `node:timers/promises` (checked: a faked 10 s sleep still
// took 10 s), so these tests use hints of 0 s, or a few tens of ms where a real wait is the point.

function target(upstreamId: string, model = 'm'): RouteTarget {
  const upstream = makeUpstream(upstreamId);
  return { route: { upstream, isExcluded: () => false }, model };
}

const a = target('a');
const b = target('b');

/** A retryable upstream failure (503) with the given `Retry-After` hint, seconds. */
function unavailable(retryAfterSeconds?: number, upstreamId = 'a'): UpstreamHttpError {
  return new UpstreamHttpError(
    { upstreamId, endpoint: `http://127.0.0.1:9/${upstreamId}/v1/messages` },
    503,
    `Upstream '${upstreamId}' answered 503`,
    { retryAfterSeconds },
  );
}

interface Recorder<Result> {
  readonly attempts: Attempt[];
  readonly retries: Array<{ error: GatewayError; index: number; delayMs: number }>;
  readonly options: ExecuteOptions<Result>;
}

/** Options whose `run` plays `script` in order: an Error is thrown, anything else returned. */
function scripted<Result>(
  script: ReadonlyArray<Result | Error>,
  fields: Partial<ExecuteOptions<Result>> = {},
): Recorder<Result> {
  const attempts: Attempt[] = [];
  const retries: Recorder<Result>['retries'] = [];
  const options: ExecuteOptions<Result> = {
    candidates: [a],
    retries: 3,
    maxRetryIntervalMs: 30_000,
    signal: new AbortController().signal,
    run: (attempt) => {
      attempts.push(attempt);
      const step = script[attempt.index];
      if (step === undefined) return Promise.reject(new Error(`no script step ${attempt.index}`));
      return step instanceof Error ? Promise.reject(step) : Promise.resolve(step);
    },
    onRetry: (error, attempt, delayMs) => retries.push({ error, index: attempt.index, delayMs }),
    ...fields,
  };
  return { attempts, retries, options };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('executeAttempts', () => {
  it('returns the first success without retrying', async () => {
    const recorder = scripted(['ok']);
    await expect(executeAttempts(recorder.options)).resolves.toBe('ok');
    expect(recorder.attempts).toEqual([{ target: a, index: 0 }]);
    expect(recorder.retries).toEqual([]);
  });

  it('retries a retryable error, then returns the success', async () => {
    const first = unavailable(0);
    const second = unavailable(0);
    const recorder = scripted([first, second, 'ok'], { retries: 3 });
    await expect(executeAttempts(recorder.options)).resolves.toBe('ok');
    expect(recorder.attempts.map((attempt) => attempt.index)).toEqual([0, 1, 2]);
    expect(recorder.retries).toEqual([
      { error: first, index: 0, delayMs: 0 },
      { error: second, index: 1, delayMs: 0 },
    ]);
  });

  it('retries a network error on the next candidate', async () => {
    const refused = new UpstreamNetworkError(
      { upstreamId: 'a', endpoint: 'http://127.0.0.1:9/a' },
      'refused',
    );
    const recorder = scripted([refused, 'ok'], { candidates: [a, b] });
    await expect(executeAttempts(recorder.options)).resolves.toBe('ok');
    expect(recorder.attempts.map((attempt) => attempt.target)).toEqual([a, b]);
    expect(recorder.retries).toEqual([{ error: refused, index: 0, delayMs: 0 }]);
  });

  it.each<[string, Error]>([
    ['400', new UpstreamHttpError({ upstreamId: 'a', endpoint: 'e' }, 400, 'bad request')],
    ['401', new UpstreamHttpError({ upstreamId: 'a', endpoint: 'e' }, 401, 'bad key')],
    ['an authentication error', new AuthenticationError('no')],
    ['a plain Error', new Error('bug')],
    ['a TypeError', new TypeError('also a bug')],
  ])('throws %s at once, as it is', async (_name, error) => {
    const recorder = scripted<string>([error, 'never reached'], { retries: 5 });
    await expect(executeAttempts(recorder.options)).rejects.toBe(error);
    expect(recorder.attempts).toHaveLength(1);
    expect(recorder.retries).toEqual([]);
  });

  it('throws the last error when the retries run out', async () => {
    const errors = [unavailable(0), unavailable(0), unavailable(0)];
    const recorder = scripted<string>([...errors, 'too late'], { retries: 2 });
    await expect(executeAttempts(recorder.options)).rejects.toBe(errors[2]);
    expect(recorder.attempts).toHaveLength(3);
    expect(recorder.retries.map((retry) => retry.error)).toEqual([errors[0], errors[1]]);
  });

  it('makes one attempt with retries 0', async () => {
    const error = unavailable(0);
    const recorder = scripted<string>([error, 'x'], { retries: 0 });
    await expect(executeAttempts(recorder.options)).rejects.toBe(error);
    expect(recorder.attempts).toHaveLength(1);
  });

  it('moves round-robin through the candidates without waiting, even with a long hint', async () => {
    const recorder = scripted<string>([unavailable(20), unavailable(20), unavailable(20), 'ok'], {
      candidates: [a, b],
      retries: 3,
    });
    const started = performance.now();
    await expect(executeAttempts(recorder.options)).resolves.toBe('ok');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(recorder.attempts.map((attempt) => attempt.target.route.upstream.id)).toEqual([
      'a',
      'b',
      'a',
      'b',
    ]);
    expect(recorder.retries.map((retry) => retry.delayMs)).toEqual([0, 0, 0]);
  });

  it('waits when the next candidate is the same target', async () => {
    const recorder = scripted<string>([unavailable(0.03), 'ok'], { candidates: [a, a] });
    const started = performance.now();
    await expect(executeAttempts(recorder.options)).resolves.toBe('ok');
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(recorder.retries.map((retry) => retry.delayMs)).toEqual([30]);
  });

  it('waits the Retry-After hint before retrying the same target', async () => {
    const recorder = scripted<string>([unavailable(0.05), 'ok']);
    const started = performance.now();
    await expect(executeAttempts(recorder.options)).resolves.toBe('ok');
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(recorder.retries.map((retry) => retry.delayMs)).toEqual([50]);
  });

  it('throws at once when the hint is longer than maxRetryIntervalMs', async () => {
    const error = unavailable(60);
    const recorder = scripted<string>([error, 'ok'], { maxRetryIntervalMs: 1000 });
    const started = performance.now();
    await expect(executeAttempts(recorder.options)).rejects.toBe(error);
    expect(performance.now() - started).toBeLessThan(500);
    expect(recorder.attempts).toHaveLength(1);
    expect(recorder.retries).toEqual([]);
  });

  it('retries when the hint equals maxRetryIntervalMs', async () => {
    const recorder = scripted<string>([unavailable(0.02), 'ok'], { maxRetryIntervalMs: 20 });
    await expect(executeAttempts(recorder.options)).resolves.toBe('ok');
    expect(recorder.attempts).toHaveLength(2);
  });

  it('does not retry once the signal has aborted', async () => {
    const controller = new AbortController();
    const error = unavailable(0);
    let calls = 0;
    const recorder = scripted<string>([error, 'ok'], {
      signal: controller.signal,
      run: () => {
        calls += 1;
        controller.abort();
        return Promise.reject(error);
      },
    });
    await expect(executeAttempts(recorder.options)).rejects.toBe(error);
    expect(calls).toBe(1);
    expect(recorder.retries).toEqual([]);
  });

  it('stops waiting when the signal aborts during the delay', async () => {
    const controller = new AbortController();
    const recorder = scripted<string>([unavailable(10), 'ok'], { signal: controller.signal });
    const started = performance.now();
    const result = executeAttempts(recorder.options);
    setTimeout(() => controller.abort(), 20);
    await expect(result).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(recorder.attempts).toHaveLength(1);
    expect(recorder.retries.map((retry) => retry.delayMs)).toEqual([10_000]);
  });

  it('clamps a backoff without a hint to maxRetryIntervalMs and keeps retrying', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const recorder = scripted<string>([unavailable(undefined), unavailable(undefined), 'ok'], {
      baseDelayMs: 1000,
      maxRetryIntervalMs: 20,
    });
    await expect(executeAttempts(recorder.options)).resolves.toBe('ok');
    expect(recorder.retries.map((retry) => retry.delayMs)).toEqual([20, 20]);
  });

  it('uses baseDelayMs for the first backoff', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const recorder = scripted<string>([unavailable(undefined), 'ok'], { baseDelayMs: 10 });
    await expect(executeAttempts(recorder.options)).resolves.toBe('ok');
    expect(recorder.retries.map((retry) => retry.delayMs)).toEqual([10]);
  });

  it('moves on from a movesOn error to another candidate, but not to the same one', async () => {
    const busy = new UpstreamHttpError({ upstreamId: 'a', endpoint: 'e' }, 429, 'queue full', {
      retryable: false,
    });
    const movesOn = (error: GatewayError): boolean => error === busy;
    const toOther = scripted<string>([busy, 'ok'], { candidates: [a, b], movesOn });
    await expect(executeAttempts(toOther.options)).resolves.toBe('ok');
    expect(toOther.attempts.map((attempt) => attempt.target)).toEqual([a, b]);

    const alone = scripted<string>([busy, 'ok'], { candidates: [a], movesOn });
    await expect(executeAttempts(alone.options)).rejects.toBe(busy);
    expect(alone.attempts).toHaveLength(1);
  });

  it('throws a TypeError without candidates', async () => {
    const recorder = scripted(['ok'], { candidates: [] });
    await expect(executeAttempts(recorder.options)).rejects.toBeInstanceOf(TypeError);
    expect(recorder.attempts).toEqual([]);
  });
});

describe('retryDelayMs', () => {
  it.each([
    [0, 0],
    [2, 2000],
    [0.25, 250],
  ])('a hint of %s s gives %i ms', (seconds, expected) => {
    expect(retryDelayMs(unavailable(seconds), 0)).toBe(expected);
    expect(retryDelayMs(unavailable(seconds), 5)).toBe(expected);
  });

  // Without a hint: 500 ms · 2^index, times a jitter factor in [0.75, 1.25).
  it.each([
    [0, 0, 375],
    [0, 0.5, 500],
    [0, 0.999, 625],
    [1, 0.5, 1000],
    [2, 0, 1500],
    [3, 0.5, 4000],
  ])('index %i with random %s gives %i ms', (index, random, expected) => {
    vi.spyOn(Math, 'random').mockReturnValue(random);
    expect(retryDelayMs(unavailable(undefined), index)).toBe(expected);
  });

  it('stays within ±25 % of the base over many draws', () => {
    for (let draw = 0; draw < 200; draw += 1) {
      const delay = retryDelayMs(unavailable(undefined), 1);
      expect(delay).toBeGreaterThanOrEqual(750);
      expect(delay).toBeLessThanOrEqual(1250);
    }
  });
});
