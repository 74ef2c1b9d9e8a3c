import { describe, expect, it } from 'vitest';
import type { IrMessage } from '../../ir/message.js';
import type { IrRequest } from '../../ir/request.js';
import { decodeOpenAIResponsesRequest } from './decode-request.js';
import { packReasoningState } from './map-reasoning-item.js';

function decode(body: Record<string, unknown>): IrRequest {
  return decodeOpenAIResponsesRequest({ model: 'gpt-5', ...body }).request;
}

function messagesOf(body: Record<string, unknown>): readonly IrMessage[] {
  return decode(body).messages;
}

describe('decodeOpenAIResponsesRequest: input', () => {
  it.each<[string, Record<string, unknown>, IrMessage[]]>([
    [
      'a string input is one user message',
      { input: 'Hi' },
      [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    ],
    [
      'message items with string and part content',
      {
        input: [
          { role: 'user', content: 'What is this?' },
          {
            type: 'message',
            role: 'user',
            content: [
              { type: 'input_text', text: 'And this:' },
              { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo', detail: 'high' },
              { type: 'input_image', image_url: 'https://example.com/cat.jpg' },
              { type: 'input_image', file_id: 'file-img' },
              { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0', filename: 'spec.pdf' },
              { type: 'input_file', file_id: 'file-abc' },
              { type: 'input_file', file_url: 'https://example.com/a.pdf' },
            ],
          },
        ],
      },
      [
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'And this:' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
            { type: 'image', source: { kind: 'file', fileId: 'file-img' } },
            {
              type: 'document',
              source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0' },
              title: 'spec.pdf',
            },
            { type: 'document', source: { kind: 'file', fileId: 'file-abc' } },
            { type: 'document', source: { kind: 'url', url: 'https://example.com/a.pdf' } },
          ],
        },
      ],
    ],
    [
      'assistant items in a row form one assistant turn; outputs in a row one user turn',
      {
        input: [
          { role: 'user', content: 'Weather?' },
          {
            type: 'reasoning',
            id: 'rs_1',
            summary: [{ type: 'summary_text', text: 'Look it up.' }],
            encrypted_content: 'enc',
          },
          {
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Checking.', annotations: [] }],
          },
          { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'function_call', call_id: 'call_2', name: 'get_time', arguments: '' },
          { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
          {
            type: 'function_call_output',
            call_id: 'call_2',
            output: [{ type: 'input_text', text: '12:00' }],
          },
          { role: 'developer', content: 'Be brief.' },
        ],
      },
      [
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        {
          role: 'assistant',
          content: [
            {
              type: 'reasoning',
              text: 'Look it up.',
              signature: {
                provider: 'openai',
                value: packReasoningState({ id: 'rs_1', encryptedContent: 'enc' }),
              },
            },
            { type: 'text', text: 'Checking.' },
            { type: 'tool-use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool-use', id: 'call_2', name: 'get_time', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolUseId: 'call_1', content: [{ type: 'text', text: 'Sunny' }] },
            { type: 'tool-result', toolUseId: 'call_2', content: [{ type: 'text', text: '12:00' }] },
          ],
        },
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }], developer: true },
      ],
    ],
    [
      'reasoning: summary parts joined by a blank line; no encrypted content keeps the id',
      {
        input: [
          {
            type: 'reasoning',
            id: 'rs_2',
            summary: [
              { type: 'summary_text', text: 'One.' },
              { type: 'summary_text', text: 'Two.' },
            ],
          },
        ],
      },
      [
        {
          role: 'assistant',
          content: [
            {
              type: 'reasoning',
              text: 'One.\n\nTwo.',
              signature: { provider: 'openai', value: packReasoningState({ id: 'rs_2' }) },
            },
          ],
        },
      ],
    ],
    [
      'tagged encrypted content gives the signature (or redacted reasoning) of its provider back',
      {
        input: [
          { type: 'reasoning', id: 'rs_x', summary: [], encrypted_content: 'sb1.anthropic.EqQBCkYIBxgC' },
          { type: 'reasoning', id: 'rs_y', summary: [], encrypted_content: 'sbr1.anthropic.EmwKAhgB' },
        ],
      },
      [
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: '', signature: { provider: 'anthropic', value: 'EqQBCkYIBxgC' } },
            { type: 'redacted-reasoning', data: 'EmwKAhgB', provider: 'anthropic' },
          ],
        },
      ],
    ],
    [
      'refusal parts are text; item types the IR does not model are opaque',
      {
        input: [
          { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] },
          { type: 'web_search_call', id: 'ws_1', status: 'completed' },
          { type: 'custom_tool_call_output', call_id: 'c', output: 'ok' },
        ],
      },
      [
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'No.' },
            {
              type: 'opaque',
              format: 'openai-responses',
              value: { type: 'web_search_call', id: 'ws_1', status: 'completed' },
            },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'opaque',
              format: 'openai-responses',
              value: { type: 'custom_tool_call_output', call_id: 'c', output: 'ok' },
            },
          ],
        },
      ],
    ],
  ])('%s', (_name, body, expected) => {
    expect(messagesOf(body)).toEqual(expected);
  });

  it('instructions and leading system / developer items are the system prompt', () => {
    const request = decode({
      instructions: 'You are a coding agent.',
      input: [
        { role: 'developer', content: [{ type: 'input_text', text: 'Sandbox: read-only.' }] },
        { role: 'system', content: 'Env: /repo' },
        { role: 'user', content: 'Go' },
      ],
    });
    expect(request.system).toEqual([
      { type: 'text', text: 'You are a coding agent.' },
      { type: 'text', text: 'Sandbox: read-only.' },
      { type: 'text', text: 'Env: /repo' },
    ]);
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Go' }] }]);
  });

  it('prompt_cache_breakpoint → cacheControl', () => {
    const [message] = messagesOf({
      input: [
        {
          role: 'user',
          content: [{ type: 'input_text', text: 'x', prompt_cache_breakpoint: { mode: 'explicit' } }],
        },
      ],
    });
    expect(message?.content).toEqual([{ type: 'text', text: 'x', cacheControl: { type: 'ephemeral' } }]);
  });

  it('repairs malformed replayed arguments with a warning', () => {
    const { request, warnings } = decodeOpenAIResponsesRequest({
      model: 'm',
      input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: "{'a': 1," }],
    });
    expect(request.messages[0]?.content).toEqual([{ type: 'tool-use', id: 'c', name: 'f', input: { a: 1 } }]);
    expect(warnings.map((warning) => warning.code)).toEqual(['repaired-tool-arguments']);
  });
});
