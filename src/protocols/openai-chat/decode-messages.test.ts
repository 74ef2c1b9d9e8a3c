import { describe, expect, it } from 'vitest';
import type { IrMessage } from '../../ir/message.js';
import { decodeOpenAIChatRequest } from './decode-request.js';

function decode(fields: Record<string, unknown>): ReturnType<typeof decodeOpenAIChatRequest> {
  return decodeOpenAIChatRequest({
    model: 'gpt-4.1',
    messages: [{ role: 'user', content: 'Hi' }],
    ...fields,
  });
}

const USER_HI: IrMessage = { role: 'user', content: [{ type: 'text', text: 'Hi' }] };

describe('decodeOpenAIChatRequest: messages', () => {
  it('moves leading system and developer messages to the system prompt, keeps later ones in place', () => {
    const { request } = decode({
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'developer',
          content: [
            { type: 'text', text: 'A' },
            { type: 'text', text: 'B' },
          ],
          name: 'dev',
        },
        { role: 'user', content: 'Hi' },
        { role: 'system', content: 'Reminder' },
        { role: 'developer', content: 'Dev note' },
      ],
    });
    expect(request.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'A' },
      { type: 'text', text: 'B' },
    ]);
    expect(request.messages).toEqual([
      USER_HI,
      { role: 'system', content: [{ type: 'text', text: 'Reminder' }] },
      { role: 'system', content: [{ type: 'text', text: 'Dev note' }], developer: true },
    ]);
    expect(request.extensions['openai-chat']?._layout).toEqual({
      system: [
        { role: 'system', parts: 1 },
        { role: 'developer', parts: 2, extras: { name: 'dev' } },
      ],
    });
  });

  it('decodes user content parts', () => {
    const { request } = decode({
      messages: [
        {
          role: 'user',
          name: 'ana',
          content: [
            { type: 'text', text: 'Look', prompt_cache_breakpoint: { mode: 'explicit' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
            { type: 'image_url', image_url: { url: 'https://example.com/a.jpg', detail: 'low' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBER', filename: 'a.pdf' } },
            { type: 'file', file: { file_id: 'file-abc' } },
            { type: 'input_audio', input_audio: { data: 'UklGR', format: 'wav' } },
          ],
        },
      ],
    });
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look', cacheControl: { type: 'ephemeral' } },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg' } },
          {
            type: 'document',
            source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' },
            title: 'a.pdf',
          },
          { type: 'document', source: { kind: 'file', fileId: 'file-abc' } },
          {
            type: 'opaque',
            format: 'openai-chat',
            value: { type: 'input_audio', input_audio: { data: 'UklGR', format: 'wav' } },
          },
        ],
      },
    ]);
    expect(request.extensions['openai-chat']?._layout).toEqual({
      messages: { '0': { role: 'user', fields: { name: 'ana' } } },
      parts: { '0:2': { detail: 'low' } },
    });
  });

  it('decodes assistant tool calls, reasoning and tool results', () => {
    const { request, warnings } = decode({
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'Two calls.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
            {
              id: 'call_2',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city": "Rome"' },
            },
            { id: 'call_3', type: 'function', function: { name: 'noop', arguments: '' } },
            { id: 'call_4', type: 'function', function: { name: 'bad', arguments: 'not json {' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'Rain' }] },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Two calls.' },
          { type: 'tool-use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool-use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
          { type: 'tool-use', id: 'call_3', name: 'noop', input: {} },
          { type: 'tool-use', id: 'call_4', name: 'bad', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool-result', toolUseId: 'call_1', content: [{ type: 'text', text: 'Sunny' }] },
          { type: 'tool-result', toolUseId: 'call_2', content: [{ type: 'text', text: 'Rain' }] },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual([
      'repaired-tool-arguments',
      'unparsable-tool-arguments',
    ]);
  });

  it('keeps assistant extras and custom tool calls', () => {
    const { request } = decode({
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: 'Partial',
          prefix: true,
          tool_calls: [{ id: 'c', type: 'custom', custom: { name: 'exec', input: 'ls' } }],
        },
      ],
    });
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Partial' },
        {
          type: 'opaque',
          format: 'openai-chat',
          value: { id: 'c', type: 'custom', custom: { name: 'exec', input: 'ls' } },
        },
      ],
    });
    expect(request.extensions['openai-chat']?._layout).toEqual({
      messages: { '1': { role: 'assistant', fields: { prefix: true } } },
    });
  });
});
