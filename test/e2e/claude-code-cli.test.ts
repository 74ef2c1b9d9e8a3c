import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
  type RecordedRequest,
} from '../upstream/fake-anthropic-upstream.js';
import { runClaudeCode } from '../support/run-claude-code.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const UPSTREAM_KEY = 'sk-upstream-secret-cc01';
const INBOUND_KEY = 'sb-inbound-secret-cc01';

let upstream: FakeAnthropicUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream({ apiKey: UPSTREAM_KEY });
  gateway = await startTestGateway({
    yaml: `
api-keys: ["${INBOUND_KEY}"]
request-retry: 0
claude-api-key:
  - name: fake
    api-key: "${UPSTREAM_KEY}"
    base-url: "${upstream.url}"
    models:
      - name: upstream-big
      - name: upstream-small
model-routing:
  opus: fake/upstream-big
  sonnet: fake/upstream-big
  haiku: fake/upstream-small
`,
  });
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

beforeEach(() => upstream.reset());

interface SentBody {
  model?: string;
  messages?: { role: string; content: unknown }[];
  tools?: { name: string }[];
}

const messageRequests = (): RecordedRequest[] =>
  upstream.requests.filter(
    (request) => request.path.startsWith('/v1/messages') && !request.path.includes('count_tokens'),
  );

describe('Claude Code CLI → gateway → fake Anthropic upstream', () => {
  it('prints the upstream answer; the tier model is rewritten, the inbound key stripped, betas kept', async () => {
    // Reference run: Claude Code straight at the fake upstream, to see what it sends unproxied.
    const direct = await runClaudeCode({ baseUrl: upstream.url, authToken: UPSTREAM_KEY, prompt: 'hello' });
    expect(direct.exitCode).toBe(0);
    const directRequest = messageRequests().at(-1);
    expect(directRequest?.headers['anthropic-beta']).toContain('claude-code-20250219');
    upstream.reset();

    upstream.enqueue({
      kind: 'message',
      content: [{ type: 'text', text: 'Answer from the fake upstream: 42.' }],
    });
    const run = await runClaudeCode({ baseUrl: gateway.url, authToken: INBOUND_KEY, prompt: 'hello' });
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe('Answer from the fake upstream: 42.');

    const viaGateway = messageRequests().at(-1);
    expect(viaGateway?.path).toBe('/v1/messages?beta=true');
    expect((viaGateway?.body as SentBody).model).toBe('upstream-big');
    expect((directRequest?.body as SentBody).model).toMatch(/^claude-opus-/);
    expect(viaGateway?.headers['x-api-key']).toBe(UPSTREAM_KEY);
    expect(viaGateway?.headers.authorization).toBeUndefined();
    expect(JSON.stringify(viaGateway?.headers)).not.toContain(INBOUND_KEY);
    expect(viaGateway?.headers['anthropic-beta']).toBe(directRequest?.headers['anthropic-beta']);
    expect(viaGateway?.headers['anthropic-version']).toBe(directRequest?.headers['anthropic-version']);
    expect((viaGateway?.body as SentBody).tools?.length).toBe(
      (directRequest?.body as SentBody).tools?.length,
    );
  });

  it('routes --model haiku to the haiku tier target', async () => {
    const run = await runClaudeCode({
      baseUrl: gateway.url,
      authToken: INBOUND_KEY,
      prompt: 'hi',
      args: ['--model', 'haiku'],
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Hello from the fake upstream.');
    expect(messageRequests().map((request) => (request.body as SentBody).model)).toContain('upstream-small');
  });

  it('runs a tool-using turn: tool_use goes to Claude Code, its tool_result comes back upstream', async () => {
    upstream.enqueue(
      {
        kind: 'message',
        content: [
          { type: 'text', text: 'Running it.' },
          {
            type: 'tool_use',
            id: 'toolu_cc_01',
            name: 'Bash',
            input: { command: 'echo switchboard-tool-ok', description: 'Echo a marker' },
          },
        ],
      },
      { kind: 'message', content: [{ type: 'text', text: 'The command printed the marker.' }] },
    );
    const run = await runClaudeCode({
      baseUrl: gateway.url,
      authToken: INBOUND_KEY,
      prompt: 'run the echo',
      args: ['--allowedTools', 'Bash(echo:*)'],
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('The command printed the marker.');
    const second = messageRequests().at(-1)?.body as SentBody;
    const lastUser = second.messages?.at(-1);
    const toolResult = (
      lastUser?.content as { type: string; tool_use_id?: string; content?: unknown }[]
    ).find((block) => block.type === 'tool_result');
    expect(toolResult?.tool_use_id).toBe('toolu_cc_01');
    expect(JSON.stringify(toolResult?.content)).toContain('switchboard-tool-ok');
  });
});
