import { describe, expect, it } from 'vitest';
import type { UpstreamTarget } from '../protocol.js';
import { decodeOpenAIResponsesRequest } from './decode-request.js';
import { encodeOpenAIResponsesRequest } from './encode-request.js';

const TARGET: UpstreamTarget = { providerId: 'openai', model: 'gpt-5-codex' };

/**
 * A request in the shape a Codex-style agent sends (`store: false`, encrypted reasoning replayed,
 * items with their ids and statuses), using the fields of the reference's `ResponseCreateParams`
 * and `ResponseInputItem` types.
 */
const CODEX_REQUEST = {
  model: 'gpt-5-codex',
  instructions: 'You are Codex, a coding agent.',
  input: [
    {
      type: 'message',
      role: 'developer',
      content: [{ type: 'input_text', text: '<permissions>read-only</permissions>' }],
    },
    {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: '<environment_context>/repo</environment_context>' }],
    },
    {
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: 'Fix the bug in a.ts' },
        { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo', detail: 'high' },
        { type: 'input_file', file_id: 'file-abc', filename: 'log.txt' },
      ],
    },
    {
      type: 'reasoning',
      id: 'rs_01',
      summary: [
        { type: 'summary_text', text: '**Reading the file**' },
        { type: 'summary_text', text: 'I will cat a.ts first.' },
      ],
      encrypted_content: 'gAAAAABpPDIVOKrsHNZ0Gw',
    },
    {
      type: 'message',
      role: 'assistant',
      id: 'msg_01',
      status: 'completed',
      phase: 'commentary',
      content: [{ type: 'output_text', text: 'Reading a.ts.', annotations: [] }],
    },
    {
      type: 'function_call',
      id: 'fc_01',
      call_id: 'call_01',
      name: 'shell',
      arguments: '{"command":["cat","a.ts"]}',
      status: 'completed',
    },
    { type: 'function_call_output', call_id: 'call_01', output: 'export const a = 1;' },
    {
      type: 'custom_tool_call',
      id: 'ctc_01',
      call_id: 'call_02',
      name: 'apply_patch',
      input: '*** Begin Patch',
    },
    { type: 'custom_tool_call_output', call_id: 'call_02', output: 'Done!' },
    {
      type: 'function_call_output',
      call_id: 'call_03',
      output: [
        { type: 'input_text', text: 'screenshot:' },
        { type: 'input_image', image_url: 'https://example.com/s.png', detail: 'low' },
      ],
    },
    { type: 'message', role: 'system', content: 'Reminder: keep it short.' },
    { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot delete that.' }] },
    { type: 'message', role: 'user', content: 'Thanks' },
  ],
  tools: [
    {
      type: 'function',
      name: 'shell',
      description: 'Runs a shell command',
      parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } } },
      strict: false,
    },
    {
      type: 'custom',
      name: 'apply_patch',
      description: 'Applies a patch',
      format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' },
    },
    { type: 'web_search' },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  reasoning: { effort: 'medium', summary: 'auto' },
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'session-42',
  text: { verbosity: 'low' },
  max_output_tokens: 4096,
  temperature: 1,
  top_p: 0.98,
  safety_identifier: 'user-hash-1',
  metadata: { run: '7' },
  service_tier: 'priority',
  truncation: 'auto',
};

describe('OpenAI Responses request → IR → OpenAI Responses', () => {
  it('keeps every field of a Codex-style request', () => {
    const { request, warnings } = decodeOpenAIResponsesRequest(CODEX_REQUEST);
    expect(warnings).toEqual([]);
    const encoded = encodeOpenAIResponsesRequest(request, TARGET);
    expect(encoded.warnings).toEqual([]);
    expect(encoded.body).toEqual(CODEX_REQUEST);
  });

  it('keeps a minimal request (adding only store: false)', () => {
    const client = { model: 'gpt-5-codex', input: 'Hi' };
    const { request } = decodeOpenAIResponsesRequest(client);
    expect(encodeOpenAIResponsesRequest(request, TARGET).body).toEqual({ ...client, store: false });
  });

  it('keeps item-less system items, string contents and the user field', () => {
    const client = {
      model: 'gpt-5-codex',
      input: [
        { type: 'message', role: 'system', content: 'Be terse.' },
        { type: 'message', role: 'user', content: 'Q' },
        { type: 'message', role: 'assistant', content: 'A' },
        {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: 'Q2', prompt_cache_breakpoint: { mode: 'explicit' } }],
        },
      ],
      tools: [
        { type: 'function', name: 'f', parameters: { type: 'object' }, strict: true, defer_loading: true },
        { type: 'tool_search' },
      ],
      tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'f' }] },
      user: 'u1',
      store: false,
    };
    const { request } = decodeOpenAIResponsesRequest(client);
    expect(encodeOpenAIResponsesRequest(request, TARGET).body).toEqual(client);
  });

  it('adds include and a summary when only an effort was asked for', () => {
    const { request } = decodeOpenAIResponsesRequest({
      model: 'm',
      input: 'x',
      reasoning: { effort: 'low' },
    });
    const { body } = encodeOpenAIResponsesRequest(request, TARGET);
    expect(body.reasoning).toEqual({ summary: 'auto', effort: 'low' });
    expect(body.include).toEqual(['reasoning.encrypted_content']);
  });
});
