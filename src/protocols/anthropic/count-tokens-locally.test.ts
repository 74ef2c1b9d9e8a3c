import { CLAUDE_CODE_FIXTURES_DIR } from '../../../test/fixtures/claude-code-fixtures.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countTokensLocally } from './count-tokens-locally.js';
import { parseRequestBody } from './parse-request-body.js';
import type { AnthropicCountTokensRequest } from './wire.js';
import { anthropicCountTokensRequestSchema } from './wire.js';

const CLAUDE_CODE_FIXTURES = `${CLAUDE_CODE_FIXTURES_DIR}/`;

function request(fields: Partial<AnthropicCountTokensRequest> = {}): AnthropicCountTokensRequest {
  return { model: 'claude-opus-4-8', messages: [{ role: 'user', content: 'Hello, world' }], ...fields };
}

const SENTENCE = 'The quick brown fox jumps over the lazy dog. ';

describe('countTokensLocally', () => {
  it('returns a positive integer, even for nothing', async () => {
    for (const body of [
      request(),
      request({ messages: [] }),
      request({ messages: [{ role: 'user', content: '' }] }),
    ]) {
      const tokens = await countTokensLocally(body);
      expect(Number.isInteger(tokens)).toBe(true);
      expect(tokens).toBeGreaterThanOrEqual(1);
    }
  });

  it('counts longer text as more tokens, roughly in proportion', async () => {
    const short = await countTokensLocally(request({ messages: [{ role: 'user', content: SENTENCE }] }));
    const long = await countTokensLocally(
      request({ messages: [{ role: 'user', content: SENTENCE.repeat(20) }] }),
    );
    expect(long).toBeGreaterThan(short);
    expect(long).toBeGreaterThan(short * 10);
    // About 10 tokens a sentence in any BPE tokenizer: 20 sentences well under 400.
    expect(long).toBeLessThan(400);
  });

  it.each<[string, Partial<AnthropicCountTokensRequest>]>([
    ['a system prompt', { system: SENTENCE.repeat(5) }],
    ['system blocks', { system: [{ type: 'text', text: SENTENCE.repeat(5) }] }],
    [
      'a tool',
      { tools: [{ name: 'get_weather', description: 'Get the weather', input_schema: { type: 'object' } }] },
    ],
    [
      'another message',
      {
        messages: [
          { role: 'user', content: 'Hello, world' },
          { role: 'assistant', content: 'Hi' },
        ],
      },
    ],
    [
      'a tool_use block',
      {
        messages: [
          { role: 'user', content: 'Hello, world' },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Paris' } }],
          },
        ],
      },
    ],
    [
      'a thinking block',
      {
        messages: [
          { role: 'user', content: 'Hello, world' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: SENTENCE, signature: 'sig' }] },
        ],
      },
    ],
    [
      'an unknown block type',
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Hello, world' },
              { type: 'tool_reference', tool_name: 'Bash' },
            ],
          },
        ],
      },
    ],
  ])('%s adds tokens', async (_name, fields) => {
    const base = await countTokensLocally(request());
    expect(await countTokensLocally(request(fields))).toBeGreaterThan(base);
  });

  it('counts more tools as more tokens', async () => {
    const tool = {
      name: 'get_weather',
      description: 'Get the current weather in a city',
      input_schema: { type: 'object' },
    };
    const one = await countTokensLocally(request({ tools: [tool] }));
    const two = await countTokensLocally(request({ tools: [tool, { ...tool, name: 'get_time' }] }));
    expect(two).toBeGreaterThan(one);
  });

  it.each([
    ['image', { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }],
    [
      'document',
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
    ],
  ])('an %s block adds 1600 tokens', async (_name, block) => {
    const text = { type: 'text', text: 'What is in this file?' };
    const without = await countTokensLocally(request({ messages: [{ role: 'user', content: [text] }] }));
    const withMedia = await countTokensLocally(
      request({ messages: [{ role: 'user', content: [block, text] }] }),
    );
    expect(withMedia - without).toBe(1600);
  });

  it('counts an image inside a tool_result too', async () => {
    const image = {
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' },
    };
    const result = (content: unknown[]) =>
      request({
        messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content }] }],
      });
    const without = await countTokensLocally(result([{ type: 'text', text: 'ok' }]));
    const withImage = await countTokensLocally(result([{ type: 'text', text: 'ok' }, image]));
    expect(withImage - without).toBe(1600);
  });

  it.each([
    ['messages-request.json', 'a Messages request'],
    ['count-tokens-request.json', 'a count_tokens request'],
  ])('gives a plausible estimate for the Claude Code fixture %s', async (file, what) => {
    const bytes = readFileSync(`${CLAUDE_CODE_FIXTURES}${file}`);
    const body = parseRequestBody(bytes, anthropicCountTokensRequestSchema, what);
    const tokens = await countTokensLocally(body);
    // Between 2 and 6 bytes a token of the body as a client sends it (compact JSON: the fixture
    // files are pretty-printed). The fixtures' lorem-ipsum filler tokenizes cheaply, near 6.
    const sentBytes = Buffer.byteLength(JSON.stringify(body));
    expect(sentBytes).toBeLessThan(bytes.length);
    expect(tokens).toBeGreaterThan(sentBytes / 6);
    expect(tokens).toBeLessThan(sentBytes / 2);
  });
});
