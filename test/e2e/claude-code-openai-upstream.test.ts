import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeOpenAIChatUpstream,
  type FakeOpenAIChatUpstream,
} from '../upstream/fake-openai-chat-upstream.js';
import { runClaudeCode } from '../support/run-claude-code.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const UPSTREAM_KEY = 'sk-openai-upstream-secret-cc2';
const INBOUND_KEY = 'sb-inbound-secret-cc02';

let upstream: FakeOpenAIChatUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startFakeOpenAIChatUpstream({ apiKey: UPSTREAM_KEY });
  gateway = await startTestGateway({
    yaml: `
api-keys: ["${INBOUND_KEY}"]
request-retry: 0
openai-compatibility:
  - name: oai
    base-url: "${upstream.url}/v1"
    api-key-entries: [{ api-key: "${UPSTREAM_KEY}" }]
    models: [{ name: gpt-big }, { name: gpt-small }]
model-routing:
  opus: oai/gpt-big
  sonnet: oai/gpt-big
  haiku: oai/gpt-small
`,
  });
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

beforeEach(() => upstream.reset());

interface OpenAIBody {
  model: string;
  messages: { role: string; content?: unknown; tool_calls?: { id: string }[]; tool_call_id?: string }[];
  tools?: { function: { name: string } }[];
}

const chatRequests = (): OpenAIBody[] =>
  upstream.requests
    .filter((request) => request.path.endsWith('/chat/completions'))
    .map((request) => request.body as OpenAIBody);

describe('Claude Code CLI → gateway → OpenAI-chat upstream', () => {
  it('prints the upstream answer, with Claude Code’s 24 tools translated to functions', async () => {
    upstream.enqueue({ kind: 'message', content: 'Answer from the OpenAI-format upstream.' });
    const run = await runClaudeCode({ baseUrl: gateway.url, authToken: INBOUND_KEY, prompt: 'hello' });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe('Answer from the OpenAI-format upstream.');
    const body = chatRequests().at(-1);
    expect(body?.model).toBe('gpt-big');
    expect(body?.tools?.length).toBeGreaterThan(10);
    expect(body?.tools?.every((tool) => /^[a-zA-Z0-9_-]{1,64}$/.test(tool.function.name))).toBe(true);
    expect(body?.messages.some((message) => message.role === 'system')).toBe(true);
  });

  it('runs a tool-using turn through the translation', async () => {
    upstream.enqueue(
      {
        kind: 'message',
        content: 'Running it.',
        toolCalls: [
          {
            id: 'call_cc_1',
            name: 'Bash',
            arguments: '{"command":"echo switchboard-openai-ok","description":"Echo"}',
          },
        ],
        finishReason: 'tool_calls',
      },
      { kind: 'message', content: 'The command printed the marker.' },
    );
    const run = await runClaudeCode({
      baseUrl: gateway.url,
      authToken: INBOUND_KEY,
      prompt: 'run the echo',
      args: ['--allowedTools', 'Bash(echo:*)'],
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('The command printed the marker.');
    const second = chatRequests().at(-1);
    const toolMessage = second?.messages.find((message) => message.role === 'tool');
    expect(toolMessage?.tool_call_id).toBe('call_cc_1');
    expect(JSON.stringify(toolMessage?.content)).toContain('switchboard-openai-ok');
    const assistant = second?.messages.find((message) => message.role === 'assistant' && message.tool_calls);
    expect(assistant?.tool_calls?.[0]?.id).toBe('call_cc_1');
  });
});
