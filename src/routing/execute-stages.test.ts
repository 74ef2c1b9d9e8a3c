import { describe, expect, it } from 'vitest';
import { makeUpstream } from '../../test/support/config-factories.js';
import { InvalidRequestError } from '../errors/gateway-error.js';
import { UpstreamHttpError } from '../errors/upstream-error.js';
import { executeStages, fallsBack, type AttemptStage } from './execute-stages.js';
import type { RouteTarget } from './route-table.js';

function target(upstreamId: string, model = 'm'): RouteTarget {
  return { route: { upstream: makeUpstream(upstreamId), isExcluded: () => false }, model };
}

function stage(kind: AttemptStage['kind'], ...targets: RouteTarget[]): AttemptStage {
  const first = targets[0];
  return {
    kind,
    reference: first ? `${first.route.upstream.id}/${first.model}` : 'none',
    candidates: targets,
  };
}

function failure(status: number, upstreamId: string): UpstreamHttpError {
  return new UpstreamHttpError({ upstreamId, endpoint: 'e' }, status, `${upstreamId} answered ${status}`, {
    retryAfterSeconds: 0,
  });
}

/** Runs the stages with `answers[upstreamId]` giving each upstream's outcome (an error or a value). */
async function run(
  primary: AttemptStage,
  later: AttemptStage[],
  answers: Record<string, Error | string>,
  retries = 0,
): Promise<{ outcome: unknown; tried: string[]; laterCalls: number; fallbacks: string[] }> {
  const tried: string[] = [];
  const fallbacks: string[] = [];
  let laterCalls = 0;
  const outcome = await executeStages<string>(
    primary,
    () => {
      laterCalls += 1;
      return later;
    },
    {
      retries,
      maxRetryIntervalMs: 1000,
      signal: new AbortController().signal,
      onFallback: (_error, from, to) => fallbacks.push(`${from.reference}->${to.reference}`),
      run: async (attempt) => {
        const id = attempt.target.route.upstream.id;
        tried.push(id);
        const answer = answers[id] ?? new Error(`no answer for ${id}`);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
  ).catch((error: unknown) => error);
  return { outcome, tried, laterCalls, fallbacks };
}

describe('executeStages', () => {
  it('never plans later stages when the primary answers', async () => {
    const result = await run(stage('primary', target('a')), [stage('fallback', target('b'))], {
      a: 'from a',
    });
    expect(result.outcome).toMatchObject({ result: 'from a', stageIndex: 0 });
    expect(result.laterCalls).toBe(0);
  });

  it('walks a fallback chain of three until one answers', async () => {
    const result = await run(
      stage('primary', target('a')),
      [stage('fallback', target('b')), stage('fallback', target('c'))],
      { a: failure(503, 'a'), b: failure(429, 'b'), c: 'from c' },
      1,
    );
    expect(result.outcome).toMatchObject({ result: 'from c', stageIndex: 2, stage: { reference: 'c/m' } });
    expect(result.tried).toEqual(['a', 'a', 'b', 'b', 'c']);
    expect(result.fallbacks).toEqual(['a/m->b/m', 'b/m->c/m']);
    expect(result.laterCalls).toBe(1);
  });

  it('throws the last stage error when every stage fails', async () => {
    const last = failure(500, 'b');
    const result = await run(stage('primary', target('a')), [stage('fallback', target('b'))], {
      a: failure(500, 'a'),
      b: last,
    });
    expect(result.outcome).toBe(last);
  });

  it('tells in the last error how each earlier stage failed', async () => {
    const result = await run(
      stage('primary', target('a')),
      [stage('fallback', target('b')), stage('fallback', target('c'))],
      { a: failure(429, 'a'), b: failure(503, 'b'), c: failure(500, 'c') },
    );
    expect(result.outcome).toBeInstanceOf(UpstreamHttpError);
    expect((result.outcome as UpstreamHttpError).status).toBe(500);
    expect((result.outcome as Error).message).toBe(
      "c answered 500. Tried before: 'a/m' (primary): a answered 429; 'b/m' (fallback): b answered 503.",
    );
  });

  it('does not fall back on an error of the request itself', async () => {
    const bad = failure(400, 'a');
    const result = await run(stage('primary', target('a')), [stage('fallback', target('b'))], {
      a: bad,
      b: 'never',
    });
    expect(result.outcome).toBe(bad);
    expect(result.tried).toEqual(['a']);
  });

  it('enters a preview stage only after a 429', async () => {
    const previews = [stage('preview', target('p')), stage('fallback', target('f'))];
    const afterQuota = await run(stage('primary', target('a')), previews, {
      a: failure(429, 'a'),
      p: 'from preview',
    });
    expect(afterQuota.outcome).toMatchObject({ result: 'from preview', stage: { kind: 'preview' } });

    const afterOutage = await run(stage('primary', target('a')), previews, {
      a: failure(500, 'a'),
      p: 'never',
      f: 'from fallback',
    });
    expect(afterOutage.outcome).toMatchObject({ result: 'from fallback' });
    expect(afterOutage.tried).toEqual(['a', 'f']);
  });
});

describe('fallsBack', () => {
  it.each([
    [429, true],
    [401, true],
    [404, true],
    [500, true],
    [503, true],
    [400, false],
    [413, false],
    [422, false],
  ])('an upstream %i → %s', (status, expected) => {
    expect(fallsBack(failure(status, 'a'))).toBe(expected);
  });

  it('never for a bug or an inbound validation error', () => {
    expect(fallsBack(new TypeError('bug'))).toBe(false);
    expect(fallsBack(new InvalidRequestError('bad field'))).toBe(false);
  });
});
