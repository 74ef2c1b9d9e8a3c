import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let claude: FakeAnthropicUpstream;
let deepseek: FakeAnthropicUpstream;
let gateway: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  claude = await startFakeAnthropicUpstream();
  deepseek = await startFakeAnthropicUpstream();
  gateway = await startTestGateway({
    yaml: `
request-retry: 0
claude-api-key:
  - name: claude
    base-url: "${claude.url}"
model-routing:
  opus: claude/claude-opus-4-8
  haiku: deepseek/deepseek-chat
`,
    env: { DEEPSEEK_API_KEY: 'sk-deepseek-test', DEEPSEEK_BASE_URL: `${deepseek.url}/anthropic` },
  });
  client = new Anthropic({ baseURL: gateway.url, apiKey: 'x', maxRetries: 0 });
});

afterAll(async () => {
  await gateway.close();
  await claude.close();
  await deepseek.close();
});

beforeEach(() => {
  claude.reset();
  deepseek.reset();
});

type Block = Record<string, unknown>;
const lastBody = (
  upstream: FakeAnthropicUpstream,
): { thinking?: unknown; messages: { content: unknown }[] } =>
  upstream.requests.at(-1)?.body as { thinking?: unknown; messages: { content: unknown }[] };

describe('thinking signatures across providers', () => {
  it('tags DeepSeek signatures, never sends them to Anthropic, and returns them untagged to DeepSeek', async () => {
    deepseek.enqueue({
      kind: 'message',
      content: [
        { type: 'thinking', thinking: 'Use ls.', signature: 'ds-signature-1' },
        { type: 'tool_use', id: 'toolu_s1', name: 'Bash', input: { command: 'ls' } },
      ],
    });
    const tools: Anthropic.Tool[] = [{ name: 'Bash', input_schema: { type: 'object' } }];
    const thinking = { type: 'enabled' as const, budget_tokens: 2048 };
    const first = await client.messages
      .stream({
        model: 'claude-haiku-4-5',
        max_tokens: 4096,
        thinking,
        tools,
        messages: [{ role: 'user', content: 'ls' }],
      })
      .finalMessage();
    const thinkingBlock = first.content[0] as Anthropic.ThinkingBlock;
    expect(thinkingBlock.signature).toBe('sb1.deepseek.ds-signature-1');

    const conversation: Anthropic.MessageParam[] = [
      { role: 'user', content: 'ls' },
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_s1', content: 'a b' }] },
    ];

    await client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 4096,
      thinking,
      tools,
      messages: conversation,
    });
    const toClaude = lastBody(claude);
    expect(JSON.stringify(toClaude)).not.toContain('ds-signature-1');
    expect((toClaude.messages[1]?.content as Block[]).map((block) => block.type)).toEqual(['tool_use']);
    expect(toClaude.thinking).toBeUndefined();

    await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 4096,
      thinking,
      tools,
      messages: conversation,
    });
    const toDeepseek = lastBody(deepseek);
    expect((toDeepseek.messages[1]?.content as Block[])[0]).toEqual({
      type: 'thinking',
      thinking: 'Use ls.',
      signature: 'ds-signature-1',
    });
    expect(toDeepseek.thinking).toEqual(thinking);
  });

  it('leaves Anthropic signatures untouched both ways', async () => {
    claude.enqueue({
      kind: 'message',
      content: [
        { type: 'thinking', thinking: 'Hmm.', signature: 'anthropic-sig' },
        { type: 'text', text: 'ok' },
      ],
    });
    const answer = await client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect((answer.content[0] as Anthropic.ThinkingBlock).signature).toBe('anthropic-sig');
  });
});
