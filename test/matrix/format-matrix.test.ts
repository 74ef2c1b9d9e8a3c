import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { createMatrixClient, type ClientObservation, type MatrixClientFormat } from './matrix-clients.js';
import { formatMatrixTable, type MatrixScenario } from './matrix-table.js';
import { startMatrixUpstream, type MatrixUpstream, type MatrixUpstreamFormat } from './matrix-upstreams.js';

/**
 * The 4 × 4 matrix of issue 4: every inbound format (driven by its official SDK) × every upstream
 * format (the project's fake upstreams) × {text, stream, tool call with a result turn, thinking},
 * through the gateway. Prints the table with pass/fail per cell at the end.
 */
const FORMATS = ['anthropic', 'openai-chat', 'openai-responses', 'gemini'] as const;
const SCENARIOS: readonly MatrixScenario[] = ['text', 'stream', 'tool', 'thinking'];
const results = new Map<string, boolean>();

afterAll(() => {
  process.stdout.write(`\n${formatMatrixTable(FORMATS, FORMATS, SCENARIOS, results)}\n`);
});

async function runScenario(
  upstream: MatrixUpstream,
  clientFormat: MatrixClientFormat,
  url: string,
  scenario: MatrixScenario,
): Promise<void> {
  const client = createMatrixClient(clientFormat, url);
  let observed: ClientObservation;
  switch (scenario) {
    case 'text':
      upstream.replyText('matrix text answer');
      observed = await client.text('hi');
      expect(observed.text).toBe('matrix text answer');
      break;
    case 'stream':
      upstream.replyText('a streamed answer in several pieces');
      observed = await client.stream('hi');
      expect(observed.text).toBe('a streamed answer in several pieces');
      expect(observed.deltas).toBeGreaterThan(1);
      break;
    case 'tool':
      upstream.replyToolCall('call_matrix_1');
      observed = await client.toolRoundTrip('weather in Paris?', () =>
        upstream.replyText('It is sunny in Paris.'),
      );
      expect(observed.text).toBe('It is sunny in Paris.');
      expect(
        upstream.sawToolResult(
          upstream.requests().at(-1) ?? { method: '', path: '', headers: {}, rawBody: '', body: undefined },
        ),
      ).toBe(true);
      break;
    case 'thinking': {
      upstream.replyThinking('Step by step: six times seven.', 'forty-two');
      observed = await client.thinking('6 x 7?');
      expect(observed.text).toBe('forty-two');
      expect(observed.reasoning).toBe('Step by step: six times seven.');
      const request = upstream.requests().at(-1);
      expect(request && upstream.askedForThinking(request)).toBe(true);
      break;
    }
  }
}

describe.each(FORMATS)('upstream %s', (upstreamFormat: MatrixUpstreamFormat) => {
  let upstream: MatrixUpstream;
  let gateway: TestGateway;

  beforeAll(async () => {
    upstream = await startMatrixUpstream(upstreamFormat);
    gateway = await startTestGateway({ yaml: `request-retry: 0\n${upstream.yaml}` });
  });

  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  describe.each(FORMATS)('client %s', (clientFormat: MatrixClientFormat) => {
    it.each(SCENARIOS)('%s', async (scenario) => {
      const key = `${clientFormat}|${upstreamFormat}|${scenario}`;
      results.set(key, false);
      upstream.reset();
      await runScenario(upstream, clientFormat, gateway.url, scenario);
      results.set(key, true);
    });
  });
});
