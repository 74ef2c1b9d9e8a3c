import { CLAUDE_CODE_FIXTURES_DIR } from '../../../test/fixtures/claude-code-fixtures.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import { parseRequestBody, validateRequestBody } from './parse-request-body.js';
import { anthropicCountTokensRequestSchema, anthropicMessagesRequestSchema } from './wire.js';

// Real Claude Code bodies (2.1.197), text replaced by lorem ipsum; see test/fixtures/claude-code/README.md.
const CLAUDE_CODE_FIXTURES = `${CLAUDE_CODE_FIXTURES_DIR}/`;
const WHAT = 'a Messages request';

function parseMessages(
  body: Buffer | string | undefined,
): ReturnType<typeof parseRequestBody<typeof anthropicMessagesRequestSchema>> {
  return parseRequestBody(body, anthropicMessagesRequestSchema, WHAT);
}

function rejection(body: Buffer | string | undefined): InvalidRequestError {
  try {
    parseMessages(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected the body to be rejected');
}

const minimal = {
  model: 'claude-opus-4-8',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Hello' }],
};

function withFields(fields: Record<string, unknown>): string {
  return JSON.stringify({ ...minimal, ...fields });
}

describe('parseRequestBody: rejected bodies', () => {
  it.each<[string, Buffer | string | undefined, RegExp]>([
    ['no body', undefined, /^Request body is empty; expected a Messages request/],
    ['an empty string', '', /^Request body is empty/],
    ['an empty buffer', Buffer.alloc(0), /^Request body is empty/],
    ['invalid JSON', '{"model": ', /^Request body is not valid JSON: /],
    ['trailing garbage', `${JSON.stringify(minimal)}x`, /^Request body is not valid JSON/],
    ['a JSON array', JSON.stringify([minimal]), /^Request body must be a JSON object: a Messages request/],
    ['a JSON string', '"hello"', /^Request body must be a JSON object/],
    ['JSON null', 'null', /^Request body must be a JSON object/],
    ['a JSON number', '42', /^Request body must be a JSON object/],
    [
      'missing model',
      JSON.stringify({ max_tokens: 1, messages: [] }),
      /^Request body is not a Messages request: .*\bmodel: /,
    ],
    ['empty model', withFields({ model: '' }), /\bmodel: /],
    ['missing max_tokens', JSON.stringify({ model: 'm', messages: [] }), /\bmax_tokens: /],
    ['max_tokens 0', withFields({ max_tokens: 0 }), /\bmax_tokens: /],
    ['max_tokens not an integer', withFields({ max_tokens: 1.5 }), /\bmax_tokens: /],
    ['max_tokens a string', withFields({ max_tokens: '1024' }), /\bmax_tokens: /],
    ['missing messages', JSON.stringify({ model: 'm', max_tokens: 1 }), /\bmessages: /],
    ['a bad role', withFields({ messages: [{ role: 'tool', content: 'x' }] }), /\bmessages\.0\.role: /],
    [
      'a bad role in the second message',
      withFields({
        messages: [
          { role: 'user', content: 'a' },
          { role: 'bot', content: 'b' },
        ],
      }),
      /\bmessages\.1\.role: /,
    ],
    [
      'content a number',
      withFields({ messages: [{ role: 'user', content: 42 }] }),
      /\bmessages\.0\.content: /,
    ],
    [
      'content an object',
      withFields({ messages: [{ role: 'user', content: { type: 'text' } }] }),
      /\bmessages\.0\.content: /,
    ],
    ['content missing', withFields({ messages: [{ role: 'user' }] }), /\bmessages\.0\.content: /],
    [
      'a block without type',
      withFields({ messages: [{ role: 'user', content: [{ text: 'x' }] }] }),
      /\bmessages\.0\.content/,
    ],
    ['stream not a boolean', withFields({ stream: 'yes' }), /\bstream: /],
    ['a tool without name', withFields({ tools: [{ description: 'x' }] }), /\btools\.0\.name: /],
  ])('%s', (_name, body, message) => {
    const error = rejection(body);
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(message);
  });

  it('names at most five issues', () => {
    const messages = Array.from({ length: 8 }, () => ({ role: 'nobody', content: 'x' }));
    const error = rejection(withFields({ messages }));
    expect(error.message.split('; ')).toHaveLength(5);
  });
});

describe('parseRequestBody: accepted bodies', () => {
  it('parses a minimal request from a string and from bytes', () => {
    expect(parseMessages(JSON.stringify(minimal))).toEqual(minimal);
    expect(parseMessages(Buffer.from(JSON.stringify(minimal), 'utf8'))).toEqual(minimal);
  });

  it('reads UTF-8 bytes', () => {
    const body = { ...minimal, messages: [{ role: 'user', content: 'héllo ☃ 🚀' }] };
    expect(parseMessages(Buffer.from(JSON.stringify(body), 'utf8')).messages[0]?.content).toBe('héllo ☃ 🚀');
  });

  it('keeps unknown top-level fields, unknown block types and unknown block fields', () => {
    const body = {
      ...minimal,
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      output_config: { effort: 'high' },
      some_future_field: [1, { a: null }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'tool_reference', tool_name: 'Bash' },
            { type: 'text', text: 'hi', cache_control: { type: 'ephemeral', ttl: '1h' }, citations: null },
          ],
        },
      ],
    };
    expect(parseMessages(JSON.stringify(body))).toEqual(body);
  });

  it('keeps the key order of the body as sent', () => {
    const text =
      '{"stream":true,"zeta":1,"messages":[{"content":"x","role":"user","x":2}],"max_tokens":5,"model":"m"}';
    expect(JSON.stringify(parseMessages(text))).toBe(text);
  });

  it.each([
    [
      'role: "system" in messages',
      {
        messages: [
          { role: 'user', content: 'a' },
          { role: 'system', content: 'be brief' },
        ],
      },
    ],
    [
      'an assistant message with blocks',
      { messages: [{ role: 'assistant', content: [{ type: 'text', text: 'x' }] }] },
    ],
    ['empty messages', { messages: [] }],
    ['system as a string', { system: 'You are helpful.' }],
    ['system as blocks', { system: [{ type: 'text', text: 'You are helpful.' }] }],
    ['tools', { tools: [{ name: 'get_weather', input_schema: { type: 'object' } }] }],
    ['stream false', { stream: false }],
  ])('accepts %s', (_name, fields) => {
    const body = { ...minimal, ...fields };
    expect(parseMessages(JSON.stringify(body))).toEqual(body);
  });
});

describe('the Claude Code fixtures', () => {
  it('messages-request.json parses as a Messages request, unchanged', () => {
    const bytes = readFileSync(`${CLAUDE_CODE_FIXTURES}messages-request.json`);
    const parsed = parseMessages(bytes);
    expect(parsed).toEqual(JSON.parse(bytes.toString('utf8')));
    expect(parsed.model).toBe('claude-opus-4-8');
    expect(parsed.messages.map((message) => message.role)).toContain('system');
    expect(parsed).toHaveProperty('context_management');
    expect(parsed).toHaveProperty('output_config');
  });

  it('count-tokens-request.json parses with the count_tokens schema but not the Messages one', () => {
    const bytes = readFileSync(`${CLAUDE_CODE_FIXTURES}count-tokens-request.json`);
    const parsed = parseRequestBody(bytes, anthropicCountTokensRequestSchema, 'a count_tokens request');
    expect(parsed).toEqual(JSON.parse(bytes.toString('utf8')));
    expect(parsed.tools?.length).toBeGreaterThan(0);
    expect(rejection(bytes).message).toMatch(/\bmax_tokens: /);
  });
});

describe('validateRequestBody: once per body and schema', () => {
  it('runs the schema once for a body it accepted, again for another schema or a rejected body', () => {
    const body = { model: 'claude-x', max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] };
    const messages = vi.spyOn(anthropicMessagesRequestSchema, 'safeParse');
    const counting = vi.spyOn(anthropicCountTokensRequestSchema, 'safeParse');
    expect(validateRequestBody(body, anthropicMessagesRequestSchema, WHAT)).toBe(body);
    expect(validateRequestBody(body, anthropicMessagesRequestSchema, WHAT)).toBe(body);
    expect(messages).toHaveBeenCalledTimes(1);
    validateRequestBody(body, anthropicCountTokensRequestSchema, 'a count_tokens request');
    expect(counting).toHaveBeenCalledTimes(1);
    const equal = structuredClone(body);
    validateRequestBody(equal, anthropicMessagesRequestSchema, WHAT);
    expect(messages).toHaveBeenCalledTimes(2); // another object: validated on its own
    const bad = { model: 'claude-x', messages: 'no' };
    expect(() => validateRequestBody(bad, anthropicMessagesRequestSchema, WHAT)).toThrow(InvalidRequestError);
    expect(() => validateRequestBody(bad, anthropicMessagesRequestSchema, WHAT)).toThrow(InvalidRequestError);
    messages.mockRestore();
    counting.mockRestore();
  });
});
