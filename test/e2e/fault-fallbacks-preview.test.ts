// Fallbacks across wire formats and `quota-exceeded.switch-preview-model`, end to end through the official
// SDKs: a fallback upstream that speaks another format than the primary answers through the translation
// hub (stream and non-stream); a 429 on `gemini-x` switches to the same upstream's listed
// `gemini-x-preview-1` (on by default, off with `switch-preview-model: false`), a 500 never does.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  benchCredentialId,
  FALLBACK_ROWS,
  startRoutedBench,
  type BenchUpstream,
  type RoutedBench,
} from '../support/fallback-bench.js';
import type { FaultClientKind } from '../support/fault-clients.js';
import { startFaultUpstream, type FaultReply, type FaultUpstreamKind } from '../support/fault-upstreams.js';
import type { RecordedRequest } from '../upstream/fake-server.js';

const LONG_429: FaultReply = { kind: 'status', status: 429, headers: { 'retry-after': '600' } };

function modelsOf(requests: readonly RecordedRequest[]): unknown[] {
  return requests.map((request) => (request.body as { model?: unknown } | undefined)?.model);
}

describe.each([
  { client: 'anthropic', primary: 'anthropic', fallback: 'openai-chat', path: /\/v1\/chat\/completions$/ },
  { client: 'openai', primary: 'openai-chat', fallback: 'anthropic', path: /\/v1\/messages$/ },
] as const satisfies readonly {
  client: FaultClientKind;
  primary: FaultUpstreamKind;
  fallback: FaultUpstreamKind;
  path: RegExp;
}[])('fallback to another wire format: $client SDK, $primary primary → $fallback fallback', (pairing) => {
  let a: BenchUpstream;
  let b: BenchUpstream;
  let bench: RoutedBench | undefined;

  beforeAll(async () => {
    a = { id: 'a', fake: await startFaultUpstream(pairing.primary), models: ['primary-model'] };
    b = { id: 'b', fake: await startFaultUpstream(pairing.fallback), models: ['model-b'] };
  });
  afterEach(async () => {
    await bench?.close();
    bench = undefined;
  });
  afterAll(async () => {
    await Promise.all([a.fake.close(), b.fake.close()]);
  });

  it.each(['ask', 'stream'] as const)('%s: a 503 → b answers in its own format, translated', async (call) => {
    bench = await startRoutedBench(pairing.client, {
      upstreams: [a, b],
      fallbacks: { 'primary-model': ['b/model-b'] },
    });
    a.fake.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    b.fake.enqueue({ kind: 'text', text: `b speaks ${pairing.fallback}` });

    const answer = await bench.client[call]('primary-model');

    expect(answer.text).toBe(`b speaks ${pairing.fallback}`);
    expect(answer.headers.get('x-switchboard-upstream')).toBe('b');
    expect(answer.headers.get('x-switchboard-model')).toBe('model-b');
    expect(answer.headers.get('x-switchboard-fallback-from')).toBe('primary-model');
    expect(a.fake.requests).toHaveLength(2);
    expect(b.fake.requests.map((request) => request.path)).toEqual([expect.stringMatching(pairing.path)]);
    expect(modelsOf(b.fake.requests)).toEqual(['model-b']);
    const [record] = await bench.usage.records(1);
    expect(record).toMatchObject({
      inbound: bench.client.inbound,
      outcome: 'complete',
      stream: call === 'stream',
      attempts: 3,
      upstream: 'b',
      fallbackFrom: 'primary-model',
    });
  });
});

describe.each(FALLBACK_ROWS)('quota-exceeded.switch-preview-model: $name', (row) => {
  let p: BenchUpstream;
  let bench: RoutedBench | undefined;

  beforeAll(async () => {
    p = { id: 'p', fake: await startFaultUpstream(row.upstream), models: ['gemini-x', 'gemini-x-preview-1'] };
  });
  afterEach(async () => {
    await bench?.close();
    bench = undefined;
  });
  afterAll(async () => {
    await p.fake.close();
  });

  const start = (switchPreview: boolean | undefined) =>
    startRoutedBench(row.client, {
      upstreams: [p],
      extraYaml:
        switchPreview === undefined ? [] : ['quota-exceeded:', `  switch-preview-model: ${switchPreview}`],
    });

  it.each([
    { setting: 'true', switchPreview: true },
    { setting: 'unset (default on)', switchPreview: undefined },
  ])('$setting: a 429 on gemini-x → gemini-x-preview-1 answers', async ({ switchPreview }) => {
    bench = await start(switchPreview);
    p.fake.enqueue(LONG_429, { kind: 'text', text: 'preview answer' });

    const answer = await bench.client.ask('gemini-x');

    expect(answer.text).toBe('preview answer');
    expect(answer.headers.get('x-switchboard-upstream')).toBe('p');
    expect(answer.headers.get('x-switchboard-model')).toBe('gemini-x-preview-1');
    expect(answer.headers.get('x-switchboard-fallback-from')).toBe('gemini-x');
    // The 429 cools the key for gemini-x only: the same key serves the preview model.
    expect(modelsOf(p.fake.requests)).toEqual(['gemini-x', 'gemini-x-preview-1']);
    expect(p.fake.keys()).toEqual(['sk-p', 'sk-p']);
    const [record] = await bench.usage.records(1);
    expect(record).toMatchObject({
      requestedModel: 'gemini-x',
      outcome: 'complete',
      attempts: 2,
      upstream: 'p',
      upstreamModel: 'gemini-x-preview-1',
      credentialId: benchCredentialId(p),
      fallbackFrom: 'gemini-x',
    });
  });

  it('switch-preview-model: false → the 429 reaches the client', async () => {
    bench = await start(false);
    p.fake.enqueue(LONG_429);

    const seen = await bench.client.failure(bench.client.ask('gemini-x'));

    expect(seen.status).toBe(429);
    expect(seen.className).toBe('RateLimitError');
    expect(seen.retryAfter).toBe('600');
    expect(seen.message).toContain("Upstream 'p' answered 429");
    expect(modelsOf(p.fake.requests)).toEqual(['gemini-x']);
    const [record] = await bench.usage.records(1);
    expect(record).toMatchObject({
      outcome: 'rejected',
      status: 429,
      attempts: 1,
      upstreamModel: 'gemini-x',
    });
  });

  it('a 500 (after its retry) does not switch to the preview model', async () => {
    bench = await start(true);
    p.fake.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });

    const seen = await bench.client.failure(bench.client.ask('gemini-x'));

    expect(seen.status).toBe(500);
    expect(modelsOf(p.fake.requests)).toEqual(['gemini-x', 'gemini-x']);
    const [record] = await bench.usage.records(1);
    expect(record).toMatchObject({
      outcome: 'rejected',
      status: 500,
      attempts: 2,
      upstreamModel: 'gemini-x',
    });
    expect(record?.fallbackFrom).toBeUndefined();
  });
});
