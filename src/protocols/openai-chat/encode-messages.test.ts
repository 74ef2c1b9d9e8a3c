import { describe, expect, it } from 'vitest';
import type { IrMessage } from '../../ir/message.js';
import type { IrRequest } from '../../ir/request.js';
import type { UpstreamTarget } from '../protocol.js';
import { encodeOpenAIChatRequest } from './encode-request.js';

const GROQ: UpstreamTarget = { providerId: 'groq', model: 'openai/gpt-oss-120b', maxToolNameLength: 64 };
const OPENAI: UpstreamTarget = { providerId: 'openai', model: 'gpt-5', maxToolNameLength: 64 };
const KIMI: UpstreamTarget = { providerId: 'kimi', model: 'kimi-k2-thinking', replayReasoning: true };
const USER: IrMessage = { role: 'user', content: [{ type: 'text', text: 'Hi' }] };

function request(fields: Partial<IrRequest> = {}): IrRequest {
  return {
    model: 'claude-sonnet-4-5',
    system: [],
    messages: [USER],
    tools: [],
    stopSequences: [],
    stream: false,
    extensions: {},
    ...fields,
  };
}

describe('encodeOpenAIChatRequest: per provider', () => {
  it('OpenAI gets max_completion_tokens, developer roles and arrays of text parts', () => {
    const body = encodeOpenAIChatRequest(
      request({
        system: [
          { type: 'text', text: 'A' },
          { type: 'text', text: 'B', cacheControl: { type: 'ephemeral' } },
        ],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'x' },
              { type: 'text', text: 'y' },
            ],
          },
          { role: 'system', content: [{ type: 'text', text: 'dev' }], developer: true },
        ],
        maxTokens: 100,
      }),
      OPENAI,
    ).body;
    expect(body.max_completion_tokens).toBe(100);
    expect(body).not.toHaveProperty('max_tokens');
    expect(body.messages).toEqual([
      {
        role: 'system',
        content: [
          { type: 'text', text: 'A' },
          { type: 'text', text: 'B', prompt_cache_breakpoint: { mode: 'explicit' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'x' },
          { type: 'text', text: 'y' },
        ],
      },
      { role: 'developer', content: 'dev' },
    ]);
  });

  it('other providers get system instead of developer', () => {
    const body = encodeOpenAIChatRequest(
      request({
        messages: [USER, { role: 'system', content: [{ type: 'text', text: 'dev' }], developer: true }],
      }),
      GROQ,
    ).body;
    expect(body.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'system', content: 'dev' },
    ]);
  });

  it('replays reasoning as reasoning_content when the target asks for it (Kimi), without signatures', () => {
    const { body, warnings } = encodeOpenAIChatRequest(
      request({
        messages: [
          USER,
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'Think A.', signature: { provider: 'kimi', value: 's' } },
              { type: 'reasoning', text: 'Think B.' },
              { type: 'tool-use', id: 'functions.get:0', name: 'get', input: { a: 1 } },
            ],
          },
        ],
      }),
      KIMI,
    );
    expect(body.messages).toEqual([
      { role: 'user', content: 'Hi' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'functions.get:0', type: 'function', function: { name: 'get', arguments: '{"a":1}' } },
        ],
        reasoning_content: 'Think A.\n\nThink B.',
      },
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual(['dropped-signature']);
  });

  it('drops reasoning elsewhere with one counted warning', () => {
    const reasoning: IrMessage = {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'r' },
        { type: 'text', text: 't' },
      ],
    };
    const { body, warnings } = encodeOpenAIChatRequest(
      request({ messages: [USER, reasoning, USER, reasoning, USER] }),
      GROQ,
    );
    expect((body.messages as unknown[])[1]).toEqual({ role: 'assistant', content: 't' });
    expect(warnings).toEqual([
      {
        code: 'dropped-reasoning',
        message:
          'Reasoning blocks of earlier turns were dropped (this upstream does not take them back). (2 times)',
      },
    ]);
  });
});

describe('encodeOpenAIChatRequest: documents', () => {
  it.each<[string, IrMessage['content'][number], unknown]>([
    [
      'a PDF',
      {
        type: 'document',
        source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' },
        title: 'spec.pdf',
      },
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBER', filename: 'spec.pdf' } },
    ],
    [
      'a PDF without a title',
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' } },
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBER', filename: 'document.pdf' } },
    ],
    [
      'a file id',
      { type: 'document', source: { kind: 'file', fileId: 'file-1' } },
      { type: 'file', file: { file_id: 'file-1' } },
    ],
    [
      'a plain-text document',
      { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'Body' }, title: 'Notes' },
      { type: 'text', text: 'Notes\n\nBody' },
    ],
    [
      'a URL document',
      { type: 'document', source: { kind: 'url', url: 'https://x/a.pdf' } },
      { type: 'text', text: '[Document not included: document (https://x/a.pdf)]' },
    ],
  ])('%s', (_name, part, expected: unknown) => {
    const { body } = encodeOpenAIChatRequest(
      request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'See' }, part] }] }),
      GROQ,
    );
    const content = (body.messages as { content: unknown }[])[0]?.content;
    const asText = expected as { type: string; text?: string };
    if (asText.type === 'text') expect(content).toBe(`See\n\n${asText.text ?? ''}`);
    else expect(content).toEqual([{ type: 'text', text: 'See' }, expected]);
  });
});

describe('encodeOpenAIChatRequest: tool results and layout', () => {
  it('moves images of a result to a user message after the tool messages, with a note in the result', () => {
    const { body, warnings } = encodeOpenAIChatRequest(
      request({
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'tool-result',
                toolUseId: 't1',
                content: [{ type: 'image', source: { kind: 'url', url: 'https://x/shot.png' } }],
              },
              { type: 'tool-result', toolUseId: 't2', content: [] },
              { type: 'text', text: 'Next?' },
            ],
          },
        ],
      }),
      GROQ,
    );
    expect(body.messages).toEqual([
      { role: 'tool', tool_call_id: 't1', content: '(attachments follow in the next message)' },
      { role: 'tool', tool_call_id: 't2', content: '' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Attachments returned by tool call t1:' },
          { type: 'image_url', image_url: { url: 'https://x/shot.png' } },
        ],
      },
      { role: 'user', content: 'Next?' },
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual(['degraded-block']);
  });

  it('puts extra message fields back only on a message of the same role', () => {
    const layout = {
      messages: {
        '0': { role: 'user', fields: { name: 'ana' } },
        '1': { role: 'assistant', fields: { prefix: true } },
      },
      parts: { '0:1': { detail: 'low' } },
    };
    const { body } = encodeOpenAIChatRequest(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'a' },
              { type: 'image', source: { kind: 'url', url: 'u' } },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'b' }] },
        ],
        extensions: { 'openai-chat': { _layout: layout } },
      }),
      OPENAI,
    );
    expect(body.messages).toEqual([
      {
        role: 'user',
        name: 'ana',
        content: [
          { type: 'text', text: 'a' },
          { type: 'image_url', image_url: { url: 'u', detail: 'low' } },
        ],
      },
      { role: 'user', content: 'b' },
    ]);
  });

  it('ignores a layout of the wrong shape', () => {
    const { body } = encodeOpenAIChatRequest(
      request({ extensions: { 'openai-chat': { _layout: { system: 'x', messages: [1], parts: 3 } } } }),
      OPENAI,
    );
    expect(body.messages).toEqual([{ role: 'user', content: 'Hi' }]);
  });
});
