import { ApiError, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const INBOUND_KEY = 'sb-inbound-secret-gr01';

let upstream: FakeAnthropicUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream();
  gateway = await startTestGateway({
    yaml: `
api-keys: ["${INBOUND_KEY}"]
request-retry: 0
claude-api-key:
  - name: claude
    base-url: "${upstream.url}"
    models: [{ name: claude-fake-4 }, { name: claude-fake-mini }]
`,
  });
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

beforeEach(() => upstream.reset());

describe('Gemini inbound surface', () => {
  it('lists models and counts tokens through @google/genai', async () => {
    const ai = new GoogleGenAI({ apiKey: INBOUND_KEY, httpOptions: { baseUrl: gateway.url } });
    const names: string[] = [];
    for await (const model of await ai.models.list()) names.push(model.name ?? '');
    expect(names).toEqual(['models/claude-fake-4', 'models/claude-fake-mini']);
    const counted = await ai.models.countTokens({
      model: 'claude-fake-4',
      contents: 'How many tokens is this sentence?',
    });
    expect(counted.totalTokens).toBeGreaterThan(3);
    expect(upstream.requests).toHaveLength(0);
  });

  it('accepts the key as ?key= and streams a JSON array without alt=sse', async () => {
    upstream.enqueue({ kind: 'message', content: [{ type: 'text', text: 'array framed answer' }] });
    const response = await fetch(
      `${gateway.url}/v1beta/models/claude-fake-4:streamGenerateContent?key=${INBOUND_KEY}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
      },
    );
    expect(response.status).toBe(200);
    const chunks = JSON.parse(await response.text()) as {
      candidates?: { content?: { parts?: { text?: string }[] } }[];
    }[];
    expect(Array.isArray(chunks)).toBe(true);
    const text = chunks
      .flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? [])
      .map((part) => part.text ?? '')
      .join('');
    expect(text).toBe('array framed answer');
  });

  it('answers errors in Google’s envelope', async () => {
    const wrong = new GoogleGenAI({ apiKey: 'wrong', httpOptions: { baseUrl: gateway.url } });
    const unauthorized = await wrong.models
      .generateContent({ model: 'claude-fake-4', contents: 'x' })
      .catch((error: unknown) => error);
    expect(unauthorized).toBeInstanceOf(ApiError);
    expect((unauthorized as ApiError).status).toBe(401);
    const raw = await fetch(`${gateway.url}/v1beta/models/nope:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': INBOUND_KEY },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'x' }] }] }),
    });
    expect(raw.status).toBe(404);
    const body = (await raw.json()) as { error: { code: number; status: string; message: string } };
    expect(body.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
    expect(body.error.message).toContain('claude-fake-4');
  });
});

describe('Responses inbound surface', () => {
  const client = (): OpenAI =>
    new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: INBOUND_KEY, maxRetries: 0 });

  it('refuses previous_response_id with a clear 400: the gateway stores no responses', async () => {
    const error = await client()
      .responses.create({ model: 'claude-fake-4', input: 'again', previous_response_id: 'resp_123' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toMatch(/previous_response_id is not supported/);
    expect(upstream.requests).toHaveLength(0);
  });

  it('maps instructions and max_output_tokens onto the Anthropic upstream', async () => {
    const response = await client().responses.create({
      model: 'claude-fake-4',
      instructions: 'Answer in French.',
      max_output_tokens: 300,
      input: 'hello',
    });
    expect(response.output_text).toBe('Hello from the fake upstream.');
    const sent = upstream.requests.at(-1)?.body as { system?: unknown; max_tokens?: number };
    expect(JSON.stringify(sent.system)).toContain('Answer in French.');
    expect(sent.max_tokens).toBe(300);
  });
});
