import { describe, expect, it } from 'vitest';
import type { IrMessage } from '../../ir/message.js';
import type { IrRequest } from '../../ir/request.js';
import type { UpstreamTarget } from '../protocol.js';
import { encodeOpenAIResponsesRequest } from './encode-request.js';
import { packReasoningState } from './map-reasoning-item.js';

const OPENAI: UpstreamTarget = { providerId: 'openai', model: 'gpt-5' };

function request(overrides: Partial<IrRequest> = {}): IrRequest {
  return {
    model: 'alias',
    system: [],
    messages: [],
    tools: [],
    stopSequences: [],
    stream: false,
    extensions: {},
    ...overrides,
  };
}

function encode(
  overrides: Partial<IrRequest>,
  target: UpstreamTarget = OPENAI,
): ReturnType<typeof encodeOpenAIResponsesRequest> {
  return encodeOpenAIResponsesRequest(request(overrides), target);
}

function inputOf(messages: IrMessage[], target: UpstreamTarget = OPENAI): unknown {
  return encode({ messages }, target).body.input;
}

describe('encodeOpenAIResponsesRequest: input items', () => {
  it.each<[string, IrMessage[], unknown]>([
    [
      'user content parts',
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look:' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
            { type: 'image', source: { kind: 'url', url: 'https://x/cat.jpg' } },
            {
              type: 'document',
              source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0' },
              title: 'a.pdf',
            },
            { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0' } },
            { type: 'document', source: { kind: 'file', fileId: 'file-1' } },
            { type: 'document', source: { kind: 'url', url: 'https://x/b.pdf' } },
            {
              type: 'document',
              source: { kind: 'text', mediaType: 'text/plain', data: 'body' },
              title: 'notes',
            },
          ],
        },
      ],
      [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Look:' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBOR' },
            { type: 'input_image', image_url: 'https://x/cat.jpg' },
            { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0', filename: 'a.pdf' },
            {
              type: 'input_file',
              file_data: 'data:application/pdf;base64,JVBERi0',
              filename: 'document.pdf',
            },
            { type: 'input_file', file_id: 'file-1' },
            { type: 'input_file', file_url: 'https://x/b.pdf' },
            { type: 'input_text', text: 'notes\n\nbody' },
          ],
        },
      ],
    ],
    [
      'an assistant turn: text, tool calls; results as function_call_output items (error flag as a prefix)',
      [
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me check.' },
            { type: 'tool-use', id: 'toolu_1', name: 'Read', input: { path: 'a' } },
            { type: 'tool-use', id: 'toolu_2', name: 'Bash', input: { command: 'ls' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolUseId: 'toolu_1', content: [{ type: 'text', text: 'hello' }] },
            {
              type: 'tool-result',
              toolUseId: 'toolu_2',
              content: [{ type: 'text', text: 'denied' }],
              isError: true,
            },
            {
              type: 'tool-result',
              toolUseId: 'toolu_3',
              content: [
                { type: 'text', text: 'see' },
                { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AA' } },
              ],
            },
            { type: 'text', text: 'Go on.' },
          ],
        },
      ],
      [
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me check.' }] },
        { type: 'function_call', call_id: 'toolu_1', name: 'Read', arguments: '{"path":"a"}' },
        { type: 'function_call', call_id: 'toolu_2', name: 'Bash', arguments: '{"command":"ls"}' },
        { type: 'function_call_output', call_id: 'toolu_1', output: 'hello' },
        { type: 'function_call_output', call_id: 'toolu_2', output: 'Error: denied' },
        {
          type: 'function_call_output',
          call_id: 'toolu_3',
          output: [
            { type: 'input_text', text: 'see' },
            { type: 'input_image', image_url: 'data:image/png;base64,AA' },
          ],
        },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Go on.' }] },
      ],
    ],
    [
      'system messages mid-conversation stay in place (developer when flagged)',
      [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'system', content: [{ type: 'text', text: '<system-reminder>x</system-reminder>' }] },
        { role: 'system', content: [{ type: 'text', text: 'dev' }], developer: true },
      ],
      [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] },
        {
          type: 'message',
          role: 'system',
          content: [{ type: 'input_text', text: '<system-reminder>x</system-reminder>' }],
        },
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'dev' }] },
      ],
    ],
    [
      'reasoning signed by the upstream goes back as a reasoning item; other reasoning is dropped',
      [
        {
          role: 'assistant',
          content: [
            {
              type: 'reasoning',
              text: 'Mine.',
              signature: {
                provider: 'openai',
                value: packReasoningState({ id: 'rs_1', encryptedContent: 'enc1' }),
              },
            },
            {
              type: 'reasoning',
              text: 'Claude thought.',
              signature: { provider: 'anthropic', value: 'EqQB' },
            },
            { type: 'reasoning', text: 'Unsigned.' },
            {
              type: 'reasoning',
              text: 'No content.',
              signature: { provider: 'openai', value: packReasoningState({ id: 'rs_2' }) },
            },
            { type: 'redacted-reasoning', data: 'EmwK', provider: 'anthropic' },
            { type: 'text', text: 'Done.' },
          ],
        },
      ],
      [
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [{ type: 'summary_text', text: 'Mine.' }],
          encrypted_content: 'enc1',
        },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] },
      ],
    ],
    [
      'Anthropic-only blocks: tool_reference as text, other opaque blocks dropped',
      [
        {
          role: 'user',
          content: [
            { type: 'opaque', format: 'anthropic', value: { type: 'tool_reference', tool_name: 'Grep' } },
            { type: 'opaque', format: 'anthropic', value: { type: 'search_result', source: 'x' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'opaque', format: 'anthropic', value: { type: 'server_tool_use', id: 's' } },
            { type: 'text', text: 'ok' },
          ],
        },
      ],
      [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Tool reference: Grep' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] },
      ],
    ],
  ])('%s', (_name, messages, expected) => {
    expect(inputOf(messages)).toEqual(expected);
  });

  it('warns once per kind for what it dropped or degraded', () => {
    const { warnings } = encode({
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'a', signature: { provider: 'anthropic', value: 's' } },
            { type: 'reasoning', text: 'b' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolUseId: 't', content: [{ type: 'text', text: 'x' }], isError: true },
          ],
        },
      ],
      topK: 5,
      stopSequences: ['END'],
    });
    expect(warnings.map((warning) => warning.code)).toEqual([
      'dropped-reasoning',
      'degraded-field',
      'dropped-field',
      'dropped-field',
    ]);
    expect(warnings[0]?.message).toMatch(/\(2 times\)$/);
  });

  it('cache_control → prompt_cache_breakpoint for OpenAI, dropped (warning) elsewhere', () => {
    const messages: IrMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'x', cacheControl: { type: 'ephemeral' } }] },
    ];
    expect(inputOf(messages)).toEqual([
      {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'x', prompt_cache_breakpoint: { mode: 'explicit' } }],
      },
    ]);
    const other = encode({ messages }, { providerId: 'azure', model: 'gpt-5' });
    expect(other.body.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'x' }] },
    ]);
    expect(other.warnings.map((warning) => warning.code)).toEqual(['dropped-cache-control']);
  });
});
