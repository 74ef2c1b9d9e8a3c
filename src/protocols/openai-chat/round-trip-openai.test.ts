import { describe, expect, it } from 'vitest';
import type { UpstreamTarget } from '../protocol.js';
import { decodeOpenAIChatRequest } from './decode-request.js';
import { encodeOpenAIChatRequest } from './encode-request.js';

const OPENAI: UpstreamTarget = { providerId: 'openai', model: 'gpt-5' };

/** A request using every field the mappers handle (OpenAI API reference, "Create chat completion"). */
const FULL_REQUEST = {
  model: 'gpt-5',
  messages: [
    { role: 'developer', content: 'Be brief.', name: 'ops' },
    {
      role: 'system',
      content: [
        { type: 'text', text: 'A' },
        { type: 'text', text: 'B' },
      ],
    },
    {
      role: 'user',
      name: 'ana',
      content: [
        { type: 'text', text: 'Look', prompt_cache_breakpoint: { mode: 'explicit' } },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'high' } },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
        { type: 'input_audio', input_audio: { data: 'UklGR', format: 'wav' } },
        { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBER', filename: 'a.pdf' } },
        { type: 'file', file: { file_id: 'file-1', filename: 'b.pdf' } },
      ],
    },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_2', type: 'custom', custom: { name: 'exec', input: 'ls' } },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
    {
      role: 'tool',
      tool_call_id: 'call_2',
      content: [
        { type: 'text', text: 'a.txt' },
        { type: 'text', text: 'b.txt' },
      ],
    },
    { role: 'system', content: 'Mid-conversation note' },
    { role: 'assistant', content: 'It is sunny.', refusal: null, audio: { id: 'audio_1' } },
    { role: 'developer', content: 'Developer note' },
    { role: 'user', content: 'Thanks' },
    { role: 'assistant', content: 'Sure', prefix: true },
  ],
  tools: [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Get the weather',
        parameters: {
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
          additionalProperties: false,
        },
        strict: true,
      },
    },
    { type: 'custom', custom: { name: 'exec', description: 'Run a command' } },
  ],
  tool_choice: { type: 'function', function: { name: 'get_weather' } },
  parallel_tool_calls: false,
  max_completion_tokens: 1000,
  temperature: 0.5,
  top_p: 0.9,
  stop: ['END', 'STOP'],
  stream: true,
  stream_options: { include_usage: true, include_obfuscation: false },
  user: 'user-1',
  reasoning_effort: 'minimal',
  metadata: { team: 'a' },
  response_format: {
    type: 'json_schema',
    json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
  },
  seed: 42,
  service_tier: 'flex',
  store: true,
  logprobs: true,
  top_logprobs: 2,
  frequency_penalty: 0.1,
  presence_penalty: 0.2,
  logit_bias: { '1234': -100 },
  prompt_cache_key: 'key-1',
  safety_identifier: 'sid-1',
  verbosity: 'low',
  modalities: ['text'],
  prediction: { type: 'content', content: 'draft' },
  web_search_options: { search_context_size: 'low' },
  n: 1,
};

describe('round trip: OpenAI request → IR → OpenAI', () => {
  it('keeps every field', () => {
    const { request, warnings } = decodeOpenAIChatRequest(structuredClone(FULL_REQUEST));
    const encoded = encodeOpenAIChatRequest(request, OPENAI);
    expect(encoded.body).toEqual(FULL_REQUEST);
    expect([...warnings, ...encoded.warnings]).toEqual([]);
  });

  it('keeps a request with allowed_tools and parallel_tool_calls alone', () => {
    const body = {
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [{ type: 'function', function: { name: 'a', parameters: { type: 'object' } } }],
      tool_choice: {
        type: 'allowed_tools',
        allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'a' } }] },
      },
      parallel_tool_calls: true,
    };
    expect(
      encodeOpenAIChatRequest(decodeOpenAIChatRequest(structuredClone(body)).request, OPENAI).body,
    ).toEqual(body);
    const { tool_choice: _choice, ...implicit } = body;
    expect(
      encodeOpenAIChatRequest(decodeOpenAIChatRequest(structuredClone(implicit)).request, OPENAI).body,
    ).toEqual(implicit);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['max_tokens becomes max_completion_tokens', { max_tokens: 10 }, { max_completion_tokens: 10 }],
    ['a stop string becomes an array', { stop: 'END' }, { stop: ['END'] }],
    ['nulls are left out', { temperature: null, stop: null }, {}],
    ['stream: false is left out', { stream: false }, {}],
    [
      'include_usage is always asked for',
      { stream: true },
      { stream: true, stream_options: { include_usage: true } },
    ],
    [
      'a function without parameters gets an empty schema',
      { tools: [{ type: 'function', function: { name: 'a' } }] },
      {
        tools: [
          { type: 'function', function: { name: 'a', parameters: { type: 'object', properties: {} } } },
        ],
      },
    ],
  ])('normalises: %s', (_name, fields, expected) => {
    const base = { model: 'gpt-5', messages: [{ role: 'user', content: 'Hi' }] };
    const { request } = decodeOpenAIChatRequest({ ...base, ...fields });
    expect(encodeOpenAIChatRequest(request, OPENAI).body).toEqual({ ...base, ...expected });
  });

  it('normalises messages: re-serialised arguments, empty assistant content beside tool calls', () => {
    const base = {
      model: 'gpt-5',
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'a', arguments: '{ "x" : 1 }' } }],
        },
      ],
    };
    const { request } = decodeOpenAIChatRequest(base);
    expect((encodeOpenAIChatRequest(request, OPENAI).body.messages as unknown[])[1]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c', type: 'function', function: { name: 'a', arguments: '{"x":1}' } }],
    });
  });
});
