import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const KEYS = ['sk-pool-key-aaaa', 'sk-pool-key-bbbb', 'sk-pool-key-cccc'] as const;

let upstream: FakeAnthropicUpstream;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream();
});

afterAll(async () => {
  await upstream.close();
});

/** A fresh gateway (fresh credential health) with the three keys in one pool. */
async function poolGateway(strategy = 'round-robin'): Promise<TestGateway> {
  return startTestGateway({
    yaml: `
request-retry: 3
routing:
  strategy: ${strategy}
claude-api-key:
  - name: pool
    base-url: "${upstream.url}"
    api-key-entries:
${KEYS.map((key) => `      - api-key: "${key}"`).join('\n')}
    models: [{ name: pool-model }]
`,
  });
}

const keyOf = (index: number): string => String(upstream.requests[index]?.headers['x-api-key'] ?? '');
const usedKeys = (): string[] =>
  upstream.requests.map((request) => String(request.headers['x-api-key'] ?? ''));

describe('credential pools through the gateway', () => {
  let gateway: TestGateway;
  let client: Anthropic;

  beforeEach(async () => {
    upstream.reset();
    gateway = await poolGateway();
    client = new Anthropic({ baseURL: gateway.url, apiKey: 'x', maxRetries: 0 });
  });

  const ask = (text: string, headers: Record<string, string> = {}) =>
    client.messages.create(
      { model: 'pool-model', max_tokens: 10, messages: [{ role: 'user', content: text }] },
      { headers },
    );

  it('spreads 30 different conversations evenly over three keys (round-robin)', async () => {
    for (let turn = 0; turn < 30; turn += 1) await ask(`conversation ${turn}`);
    const counts = KEYS.map((key) => usedKeys().filter((used) => used === key).length);
    expect(counts).toEqual([10, 10, 10]);
    await gateway.close();
  });

  it('keeps one Claude Code session on one key over 20 turns', async () => {
    for (let turn = 0; turn < 20; turn += 1)
      await ask(`turn ${turn}`, { 'x-claude-code-session-id': 'session-affinity-1' });
    expect(new Set(usedKeys()).size).toBe(1);
    await gateway.close();
  });

  it('rotates to another key at once when one is rate limited, and then avoids it', async () => {
    upstream.enqueue({
      kind: 'error',
      status: 429,
      message: 'rate limited',
      headers: { 'retry-after': '30' },
    });
    const answer = await ask('first');
    expect(answer.content[0]).toMatchObject({ type: 'text' });
    expect(upstream.requests).toHaveLength(2);
    const limited = keyOf(0);
    expect(keyOf(1)).not.toBe(limited);
    for (let turn = 0; turn < 6; turn += 1) await ask(`later ${turn}`);
    expect(usedKeys().slice(2)).not.toContain(limited);
    await gateway.close();
  });

  it('answers 429 model_cooldown with Retry-After when every key is cooling down', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      upstream.enqueue({
        kind: 'error',
        status: 429,
        message: 'rate limited',
        headers: { 'retry-after': '40' },
      });
    }
    const first = await ask('hello').catch((error: unknown) => error);
    expect(first).toBeInstanceOf(Anthropic.RateLimitError);
    expect(new Set(usedKeys()).size).toBe(3);
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'x' },
      body: JSON.stringify({
        model: 'pool-model',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'again' }],
      }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(38);
    const body = (await response.json()) as {
      error: { type: string; code: string; cooling: number; blocked: number };
    };
    expect(body.error).toMatchObject({
      type: 'rate_limit_error',
      code: 'model_cooldown',
      cooling: 3,
      blocked: 0,
    });
    expect(upstream.requests).toHaveLength(3);
    await gateway.close();
  });

  it('answers 503 auth_unavailable with blocked counts and recent statuses when keys are rejected', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1)
      upstream.enqueue({ kind: 'error', status: 401, message: 'invalid x-api-key' });
    await ask('hello').catch(() => undefined);
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const error = await openai.chat.completions
      .create({ model: 'pool-model', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(503);
    expect(apiError.headers?.get('retry-after')).toBeTruthy();
    const body = apiError.error as {
      code: string;
      blocked: number;
      recent_statuses: { status: number; credential: string }[];
    };
    expect(body.code).toBe('auth_unavailable');
    expect(body.blocked).toBe(3);
    expect(body.recent_statuses.map((entry) => entry.status)).toEqual([401, 401, 401]);
    expect(JSON.stringify(body)).not.toContain('sk-pool-key');
    await gateway.close();
  });
});
