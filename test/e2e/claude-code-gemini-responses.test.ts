import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGeminiUpstream, type FakeGeminiUpstream } from '../upstream/fake-gemini-upstream.js';
import {
  startFakeOpenAIResponsesUpstream,
  type FakeOpenAIResponsesUpstream,
} from '../upstream/fake-openai-responses-upstream.js';
import { runClaudeCode } from '../support/run-claude-code.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gemini: FakeGeminiUpstream;
let responses: FakeOpenAIResponsesUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  gemini = await startFakeGeminiUpstream({ apiKey: 'gemini-secret-key' });
  responses = await startFakeOpenAIResponsesUpstream({ apiKey: 'codex-secret-key' });
  gateway = await startTestGateway({
    yaml: `
request-retry: 0
gemini-api-key:
  - name: gem
    api-key: "gemini-secret-key"
    base-url: "${gemini.url}"
    models: [{ name: gemini-fake-pro }]
codex-api-key:
  - name: codex
    api-key: "codex-secret-key"
    base-url: "${responses.url}/v1"
    models: [{ name: codex-fake }]
model-routing:
  opus: gem/gemini-fake-pro
  sonnet: gem/gemini-fake-pro
  haiku: codex/codex-fake
`,
  });
});

afterAll(async () => {
  await gateway.close();
  await gemini.close();
  await responses.close();
});

const lastBody = (requests: readonly { body: unknown }[]): string =>
  JSON.stringify(requests.at(-1)?.body ?? {});

describe('Claude Code CLI → gateway → Gemini and Responses upstreams', () => {
  it('answers from a Gemini-format upstream, with Claude Code tool schemas Gemini accepts', async () => {
    gemini.enqueue({ kind: 'message', text: 'Answer from the fake Gemini upstream.' });
    const run = await runClaudeCode({ baseUrl: gateway.url, authToken: 'x', prompt: 'hello' });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe('Answer from the fake Gemini upstream.');
    const request = gemini.requests.at(-1);
    expect(request?.path).toContain('/v1beta/models/gemini-fake-pro:streamGenerateContent');
    expect(request?.headers['x-goog-api-key']).toBe('gemini-secret-key');
    const body = lastBody(gemini.requests);
    for (const keyword of ['"$schema"', '"additionalProperties"', '"propertyNames"', '"exclusiveMinimum"']) {
      expect(body).not.toContain(keyword);
    }
  });

  it('runs a tool turn against the Gemini upstream', async () => {
    gemini.enqueue(
      {
        kind: 'message',
        functionCalls: [
          { name: 'Bash', args: { command: 'echo switchboard-gemini-ok', description: 'Echo' } },
        ],
      },
      { kind: 'message', text: 'The marker was printed.' },
    );
    const run = await runClaudeCode({
      baseUrl: gateway.url,
      authToken: 'x',
      prompt: 'run it',
      args: ['--allowedTools', 'Bash(echo:*)'],
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('The marker was printed.');
    const body = lastBody(gemini.requests);
    expect(body).toContain('"functionResponse"');
    expect(body).toContain('switchboard-gemini-ok');
  });

  it('answers from a Responses-format upstream and runs a tool turn there', async () => {
    responses.enqueue(
      {
        kind: 'message',
        functionCalls: [
          {
            callId: 'call_r1',
            name: 'Bash',
            arguments: '{"command":"echo switchboard-responses-ok","description":"Echo"}',
          },
        ],
      },
      { kind: 'message', text: 'Done via Responses.' },
    );
    const run = await runClaudeCode({
      baseUrl: gateway.url,
      authToken: 'x',
      prompt: 'run it',
      args: ['--model', 'haiku', '--allowedTools', 'Bash(echo:*)'],
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Done via Responses.');
    expect(responses.requests.at(-1)?.path).toBe('/v1/responses');
    const body = lastBody(responses.requests);
    expect(body).toContain('"function_call_output"');
    expect(body).toContain('switchboard-responses-ok');
  });
});
