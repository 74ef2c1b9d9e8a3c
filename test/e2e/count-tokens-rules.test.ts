// count_tokens resolves its model with the same `router:` rules as generation, so a forwarded count
// goes to the upstream the request itself would go to (issue 5, "Routing rules beyond tiers").
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let main: FakeAnthropicUpstream;
let background: FakeAnthropicUpstream;
let gateway: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  main = await startFakeAnthropicUpstream();
  background = await startFakeAnthropicUpstream();
  gateway = await startTestGateway({
    yaml: `
router:
  background: bg/bg-model
claude-api-key:
  - name: main
    base-url: "${main.url}"
    count-tokens: true
  - name: bg
    base-url: "${background.url}"
    count-tokens: true
    models: [{ name: bg-model }]
`,
  });
  client = new Anthropic({ baseURL: gateway.url, apiKey: 'any', maxRetries: 0 });
});

afterAll(async () => {
  await gateway.close();
  await Promise.all([main.close(), background.close()]);
});

describe('count_tokens and router rules', () => {
  it('counts a haiku-tier request on the background upstream, a sonnet one on the main upstream', async () => {
    const messages = [{ role: 'user' as const, content: 'count me' }];
    await client.messages.countTokens({ model: 'claude-haiku-4-5', messages });
    expect(background.requests.map((request) => request.path)).toEqual(['/v1/messages/count_tokens']);
    expect((background.requests[0]?.body as { model?: string }).model).toBe('bg-model');
    expect(main.requests).toHaveLength(0);

    await client.messages.countTokens({ model: 'claude-sonnet-4-5', messages });
    expect(main.requests.map((request) => request.path)).toEqual(['/v1/messages/count_tokens']);
    expect(background.requests).toHaveLength(1);
  });
});
