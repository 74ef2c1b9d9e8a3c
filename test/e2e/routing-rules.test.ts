// `router:` rules (claude-code-router's background, think, web-search, long-context), end to end through the
// official SDKs: each rule sends a matching request to its own upstream (one fake per upstream, so the fake
// that received the request proves where it went, and `x-switchboard-upstream` says the same), a request
// without the signal goes where normal resolution sends it, and an inbound-token override or an explicit
// `upstream/model` beats every rule. OpenAI Chat has no web-search tool: the gateway reads its
// `web_search_options` parameter as the signal instead.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { benchGatewayYaml, type BenchUpstream } from '../support/fallback-bench.js';
import { createRoutedClient, type RoutedAnswer, type RoutedClient } from '../support/fallback-clients.js';
import type { FaultClientKind } from '../support/fault-clients.js';
import { startFaultUpstream } from '../support/fault-upstreams.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** Inbound key of the gateway (so the `KEY:upstream/model` override can be checked against it). */
const INBOUND_KEY = 'sk-in';
const THRESHOLD = 1000;

/** ' the' is one o200k token of 4 bytes: a prompt of `count` tokens and about 4 · `count` bytes. */
function prompt(count: number): string {
  return `Question:${' the'.repeat(count)}`;
}

describe.each<{ client: FaultClientKind }>([{ client: 'anthropic' }, { client: 'openai' }])(
  'router rules: $client SDK',
  ({ client: kind }) => {
    let upstreams: Record<'main' | 'bg' | 'think' | 'web' | 'long', BenchUpstream>;
    let gateway: TestGateway;
    let client: RoutedClient;

    beforeAll(async () => {
      const fake = () => startFaultUpstream('anthropic');
      upstreams = {
        main: { id: 'main', fake: await fake(), models: [] }, // open: takes any model name
        bg: { id: 'bg', fake: await fake(), models: ['bg-model'] },
        think: { id: 'think', fake: await fake(), models: ['think-model'] },
        web: { id: 'web', fake: await fake(), models: ['web-model'] },
        long: { id: 'long', fake: await fake(), models: ['long-model'] },
      };
      const yaml = benchGatewayYaml({
        upstreams: Object.values(upstreams),
        extraYaml: [
          `api-keys: ["${INBOUND_KEY}"]`,
          'router:',
          '  background: bg/bg-model',
          '  think: think/think-model',
          '  web-search: web/web-model',
          '  long-context: long/long-model',
          `  long-context-threshold: ${THRESHOLD}`,
        ],
      });
      gateway = await startTestGateway({ yaml });
      client = createRoutedClient(kind, gateway.url, INBOUND_KEY);
    });
    beforeEach(() => {
      for (const upstream of Object.values(upstreams)) upstream.fake.reset();
    });
    afterAll(async () => {
      await gateway.close();
      await Promise.all(Object.values(upstreams).map((upstream) => upstream.fake.close()));
    });

    /** Asserts that exactly `id` received requests, for `models` in order, and the answer's headers name it. */
    function expectServedBy(
      answer: RoutedAnswer,
      id: keyof typeof upstreams,
      models: readonly string[],
    ): void {
      expect(answer.headers.get('x-switchboard-upstream')).toBe(id);
      expect(answer.headers.get('x-switchboard-model')).toBe(models[models.length - 1]);
      for (const upstream of Object.values(upstreams)) {
        const seen = upstream.fake.requests.map((request) => (request.body as { model?: unknown }).model);
        expect(seen, `models upstream '${upstream.id}' received`).toEqual(upstream.id === id ? models : []);
      }
    }

    it('background: a haiku-tier request goes to the background model; a sonnet one does not', async () => {
      expectServedBy(await client.ask('claude-haiku-4-5'), 'bg', ['bg-model']);
      for (const upstream of Object.values(upstreams)) upstream.fake.reset();
      expectServedBy(await client.ask('claude-sonnet-5-5'), 'main', ['claude-sonnet-5-5']);
    });

    it('think: a request with thinking goes to the think model', async () => {
      const answer = await client.ask('claude-sonnet-5-5', { thinking: true });
      expect(answer.text).toBe(upstreams.think.fake.defaultText);
      expectServedBy(answer, 'think', ['think-model']);
    });

    it('web-search: a request with the web-search signal goes to the web-search model', async () => {
      expectServedBy(await client.ask('claude-sonnet-5-5', { webSearch: true }), 'web', ['web-model']);
    });

    it(`long-context: > ${THRESHOLD} estimated tokens goes there; a body over ${THRESHOLD} bytes but under ${THRESHOLD} tokens does not`, async () => {
      expectServedBy(await client.ask('claude-sonnet-5-5', { text: prompt(1500) }), 'long', ['long-model']);
      for (const upstream of Object.values(upstreams)) upstream.fake.reset();
      // ~1 600 bytes of body text, but only ~400 tokens: the byte bound alone must not route it.
      expectServedBy(await client.ask('claude-sonnet-5-5', { text: prompt(400) }), 'main', [
        'claude-sonnet-5-5',
      ]);
    });

    it('a stream request follows the rule too (think)', async () => {
      const answer = await client.stream('claude-sonnet-5-5', { thinking: true });
      expect(answer.text).toBe(upstreams.think.fake.defaultText);
      expectServedBy(answer, 'think', ['think-model']);
    });

    it('rule order: long-context beats web-search beats background beats think', async () => {
      const everything = { thinking: true, webSearch: true } as const;
      expectServedBy(await client.ask('claude-haiku-4-5', { ...everything, text: prompt(1500) }), 'long', [
        'long-model',
      ]);
      for (const upstream of Object.values(upstreams)) upstream.fake.reset();
      expectServedBy(await client.ask('claude-haiku-4-5', everything), 'web', ['web-model']);
      for (const upstream of Object.values(upstreams)) upstream.fake.reset();
      expectServedBy(await client.ask('claude-haiku-4-5', { thinking: true }), 'bg', ['bg-model']);
    });

    it('an inbound-token override KEY:upstream/model beats every rule', async () => {
      const pinned = createRoutedClient(kind, gateway.url, `${INBOUND_KEY}:main/pinned-model`);
      const answer = await pinned.ask('claude-haiku-4-5', { thinking: true, webSearch: true });
      expectServedBy(answer, 'main', ['pinned-model']);
    });

    it('an explicit upstream/model beats every rule', async () => {
      const answer = await client.ask('main/claude-haiku-4-5', { thinking: true, webSearch: true });
      expectServedBy(answer, 'main', ['claude-haiku-4-5']);
    });
  },
);
