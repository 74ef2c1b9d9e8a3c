import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';
import { startFakeGeminiUpstream, type FakeGeminiUpstream } from '../upstream/fake-gemini-upstream.js';
import {
  startFakeOpenAIChatUpstream,
  type FakeOpenAIChatUpstream,
} from '../upstream/fake-openai-chat-upstream.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const ANTHROPIC_KEY = 'sk-ant-upstream-secret-pr1';
const OPENAI_KEY = 'sk-openai-upstream-secret-pr1';
const GEMINI_KEY = 'gemini-upstream-secret-pr1';
const INBOUND_KEY = 'sb-inbound-secret-pr1';

let anthropic: FakeAnthropicUpstream;
let openai: FakeOpenAIChatUpstream;
let gemini: FakeGeminiUpstream;
let gateway: TestGateway;
let anthropicClient: Anthropic;
let openaiClient: OpenAI;

beforeAll(async () => {
  anthropic = await startFakeAnthropicUpstream({ apiKey: ANTHROPIC_KEY });
  openai = await startFakeOpenAIChatUpstream({ apiKey: OPENAI_KEY });
  gemini = await startFakeGeminiUpstream({ apiKey: GEMINI_KEY });
  gateway = await startTestGateway({
    yaml: `
api-keys: ["${INBOUND_KEY}"]
request-retry: 0
claude-api-key:
  - name: relay
    api-key: "${ANTHROPIC_KEY}"
    base-url: "${anthropic.url}"
    models: [{ name: claude-ruled-1 }, { name: plain-model }]
openai-compatibility:
  - name: oai
    base-url: "${openai.url}/v1"
    api-key-entries: [{ api-key: "${OPENAI_KEY}" }]
    models: [{ name: gpt-ruled }]
gemini-api-key:
  - name: gem
    api-key: "${GEMINI_KEY}"
    base-url: "${gemini.url}"
    models: [{ name: gemini-ruled-pro }]
payload:
  default:
    - models: [{ name: "claude-ruled-*", protocol: claude }]
      params:
        metadata.user_id: "payload-default-user"
    - models: [{ name: "gemini-*", protocol: gemini }]
      params:
        generationConfig.thinkingConfig.thinkingBudget: 32768
  default-raw:
    - models: [{ name: "gpt-*", protocol: openai }]
      params:
        response_format: '{"type":"json_object"}'
  override:
    - models: [{ name: "claude-ruled-*", protocol: claude }]
      params:
        temperature: 0.25
    - models: [{ name: "*", protocol: gemini }]
      params:
        generationConfig.candidateCount: 1
  override-raw:
    - models: [{ name: "gpt-ruled" }]
      params:
        seed: '42'
        temperature: '0.5'
`,
  });
  anthropicClient = new Anthropic({ baseURL: gateway.url, apiKey: INBOUND_KEY, maxRetries: 0 });
  openaiClient = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: INBOUND_KEY, maxRetries: 0 });
});

afterAll(async () => {
  await gateway.close();
  await Promise.all([anthropic.close(), openai.close(), gemini.close()]);
});

beforeEach(() => {
  anthropic.reset();
  openai.reset();
  gemini.reset();
});

const lastBody = (upstream: { requests: { body: unknown }[] }): Record<string, unknown> =>
  upstream.requests.at(-1)?.body as Record<string, unknown>;

describe('payload rules → Anthropic upstream (fast path)', () => {
  it('overrides temperature and defaults an absent metadata.user_id', async () => {
    // This SDK version's types no longer list `temperature`; the API still takes it.
    const clientSampling: Record<string, unknown> = { temperature: 1 };
    const message = await anthropicClient.messages.create({
      model: 'relay/claude-ruled-1',
      max_tokens: 32,
      ...clientSampling,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content[0]?.type).toBe('text');
    expect(lastBody(anthropic)).toEqual({
      model: 'claude-ruled-1',
      max_tokens: 32,
      temperature: 0.25,
      messages: [{ role: 'user', content: 'hi' }],
      metadata: { user_id: 'payload-default-user' },
    });
  });

  it('keeps a metadata.user_id the client sent', async () => {
    await anthropicClient.messages.create({
      model: 'relay/claude-ruled-1',
      max_tokens: 32,
      metadata: { user_id: 'client-user' },
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(lastBody(anthropic)).toMatchObject({ metadata: { user_id: 'client-user' }, temperature: 0.25 });
  });

  it('streams with the rules applied', async () => {
    const stream = anthropicClient.messages.stream({
      model: 'relay/claude-ruled-1',
      max_tokens: 32,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('end_turn');
    expect(lastBody(anthropic)).toMatchObject({
      stream: true,
      temperature: 0.25,
      metadata: { user_id: 'payload-default-user' },
    });
  });

  it('sends the client bytes unchanged when no rule matches', async () => {
    const raw = `{"model":"plain-model",  "max_tokens": 10,"temperature":1,"messages":[{"role":"user","content":"hi \\u00e9"}]}`;
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': INBOUND_KEY,
        'anthropic-version': '2023-06-01',
      },
      body: raw,
    });
    expect(response.status).toBe(200);
    expect(anthropic.requests.at(-1)?.rawBody).toBe(raw);
  });
});

describe('payload rules → OpenAI-chat upstream (hub)', () => {
  it('applies default-raw and override-raw; a gemini rule does not touch it', async () => {
    const completion = await openaiClient.chat.completions.create({
      model: 'oai/gpt-ruled',
      temperature: 1,
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Hello from the fake OpenAI upstream.');
    const sent = lastBody(openai);
    expect(sent).toMatchObject({
      model: 'gpt-ruled',
      temperature: 0.5,
      seed: 42,
      response_format: { type: 'json_object' },
    });
    expect(sent).not.toHaveProperty('generationConfig');
  });

  it("a default keeps the client's response_format; the rules apply to an Anthropic client too", async () => {
    await openaiClient.chat.completions.create({
      model: 'oai/gpt-ruled',
      response_format: { type: 'text' },
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(lastBody(openai)).toMatchObject({ response_format: { type: 'text' }, seed: 42 });

    await anthropicClient.messages.create({
      model: 'oai/gpt-ruled',
      max_tokens: 16,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(lastBody(openai)).toMatchObject({
      temperature: 0.5,
      seed: 42,
      response_format: { type: 'json_object' },
    });
  });
});

describe('payload rules → Gemini upstream (hub)', () => {
  it('creates generationConfig.thinkingConfig.thinkingBudget when absent', async () => {
    await anthropicClient.messages.create({
      model: 'gem/gemini-ruled-pro',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const generationConfig = lastBody(gemini).generationConfig as Record<string, unknown>;
    expect(generationConfig).toMatchObject({ thinkingConfig: { thinkingBudget: 32768 }, candidateCount: 1 });
    expect(gemini.requests.at(-1)?.path).toContain('/models/gemini-ruled-pro:');
  });

  it('leaves a thinking budget the request already carries', async () => {
    await anthropicClient.messages.create({
      model: 'gem/gemini-ruled-pro',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'hi' }],
    });
    const generationConfig = lastBody(gemini).generationConfig as {
      thinkingConfig?: Record<string, unknown>;
    };
    expect(generationConfig.thinkingConfig?.thinkingBudget).toBe(2048);
  });
});
