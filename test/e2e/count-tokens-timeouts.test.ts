// count_tokens calls to an upstream run under the config's `timeouts`, like generation calls: an
// upstream that never answers the count gives the client the local estimate once the read timeout
// passes, instead of holding Claude Code's `/context` for the 600 s default.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_COUNT_SOURCE_HEADER } from '../../src/server/routes/count-tokens-route.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let silent: Server;
let gateway: TestGateway;
let client: Anthropic;
/** count_tokens requests the silent upstream received (it never answers them). */
let received = 0;

beforeAll(async () => {
  silent = createServer((request) => {
    if (request.url?.endsWith('/v1/messages/count_tokens')) received += 1;
    request.resume();
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as AddressInfo;
  gateway = await startTestGateway({
    yaml: `
timeouts:
  read: 1
claude-api-key:
  - name: silent
    base-url: "http://127.0.0.1:${port}"
    count-tokens: true
`,
  });
  // The SDK gives up long before the 600 s default: without the config's timeout the call fails.
  client = new Anthropic({ baseURL: gateway.url, apiKey: 'any', maxRetries: 0, timeout: 15_000 });
});

afterAll(async () => {
  await gateway.close();
  silent.closeAllConnections();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

describe('count_tokens timeouts', () => {
  it('answers with the local estimate when the upstream count outlasts the read timeout', async () => {
    const { data, response } = await client.messages
      .countTokens({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'count me please' }] })
      .withResponse();
    expect(received).toBe(1);
    expect(response.headers.get(TOKEN_COUNT_SOURCE_HEADER)).toBe('estimate');
    expect(data.input_tokens).toBeGreaterThan(0);
  }, 30_000);
});
