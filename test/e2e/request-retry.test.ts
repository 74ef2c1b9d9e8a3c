import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let upstream: FakeAnthropicUpstream;
let gateway: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream();
  gateway = await startTestGateway({
    yaml: `
request-retry: 2
max-retry-interval: 5
claude-api-key:
  - name: flaky
    base-url: "${upstream.url}"
`,
  });
  client = new Anthropic({ baseURL: gateway.url, apiKey: 'any', maxRetries: 0 });
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

beforeEach(() => upstream.reset());

const ask = () =>
  client.messages.create({
    model: 'claude-x',
    max_tokens: 10,
    messages: [{ role: 'user', content: 'hi' }],
  });

describe('request-retry (before the first byte only)', () => {
  it('retries a 500 and answers with the success', async () => {
    upstream.enqueue({ kind: 'error', status: 500, message: 'boom' });
    const message = await ask();
    expect(message.content[0]).toMatchObject({ type: 'text' });
    expect(upstream.requests).toHaveLength(2);
  });

  it('honours Retry-After on a 429 and stops after request-retry extra attempts', async () => {
    upstream.enqueue(
      { kind: 'error', status: 429, message: 'slow down', headers: { 'retry-after': '0' } },
      { kind: 'error', status: 429, message: 'slow down', headers: { 'retry-after': '0' } },
      { kind: 'error', status: 429, message: 'still too fast', headers: { 'retry-after': '0' } },
    );
    await expect(ask()).rejects.toMatchObject({ status: 429 });
    expect(upstream.requests).toHaveLength(3);
  });

  it('answers at once when Retry-After is longer than max-retry-interval', async () => {
    upstream.enqueue({
      kind: 'error',
      status: 429,
      message: 'come back later',
      headers: { 'retry-after': '600' },
    });
    const error = await ask().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('600');
    expect(upstream.requests).toHaveLength(1);
  });

  it('never retries a 400', async () => {
    upstream.enqueue({ kind: 'error', status: 400, message: 'bad' });
    await expect(ask()).rejects.toMatchObject({ status: 400 });
    expect(upstream.requests).toHaveLength(1);
  });

  it('does not retry once a stream has started: the client gets an error event', async () => {
    upstream.enqueue({
      kind: 'stream-fault',
      content: [{ type: 'text', text: 'partial words' }],
      afterEvents: 3,
      fault: 'reset',
    });
    const stream = client.messages.stream({
      model: 'claude-x',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
    });
    await expect(stream.finalMessage()).rejects.toThrow(/broke off/);
    expect(upstream.requests).toHaveLength(1);
  });
});
