import { Stream } from 'openai/core/streaming';
import { ChatCompletionStream } from 'openai/lib/ChatCompletionStream';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { readChunkFixture } from './__fixtures__/stream-test-support.js';
import { openAIChatProtocol } from './openai-chat-protocol.js';

async function* iterate<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('openAIChatProtocol', () => {
  it('is the openai-chat format', () => {
    expect(openAIChatProtocol.format).toBe('openai-chat');
  });

  it('OpenAI client → gateway → OpenAI-format upstream → client, streamed, with a renamed tool', async () => {
    const { request, client } = openAIChatProtocol.decodeRequest({
      model: 'fast',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
    });
    const encoded = openAIChatProtocol.encodeRequest(request, {
      providerId: 'vllm',
      model: 'meta-llama/Llama-3.1-8B-Instruct',
    });
    expect(encoded.body).toMatchObject({
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      stream: true,
      stream_options: { include_usage: true },
    });

    const parts = openAIChatProtocol.decodeStream(
      iterate(readChunkFixture('openai-chat-per-chunk-usage.1.chunks.txt')),
      encoded.exchange,
    );
    const sse = (await collect(openAIChatProtocol.encodeStream(parts, client))).join('');
    const chunks = Stream.fromSSEResponse(new Response(sse), new AbortController());
    const completion = await ChatCompletionStream.fromReadableStream(
      chunks.toReadableStream(),
    ).finalChatCompletion();
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      {
        id: 'chatcmpl-tool-1',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"location": "Paris"}' },
      },
    ]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.usage).toEqual({
      prompt_tokens: 50,
      completion_tokens: 10,
      total_tokens: 60,
      prompt_tokens_details: { cached_tokens: 0 },
    });
    expect(completion.model).toBe('meta-llama/Llama-3.1-8B-Instruct');
  });

  it('relays reasoning_content streams as reasoning_content', async () => {
    const exchange = {
      toolNames: new Map<string, string>(),
      providerId: 'deepseek',
      model: 'deepseek-reasoner',
    };
    const parts = openAIChatProtocol.decodeStream(
      iterate(readChunkFixture('openai-chat-reasoning-content.1.chunks.txt')),
      exchange,
    );
    const sse = (
      await collect(openAIChatProtocol.encodeStream(parts, { requestedModel: 'r', includeUsage: false }))
    ).join('');
    const deltas = sse
      .split('\n\n')
      .filter((event) => event.startsWith('data: {'))
      .map(
        (event) =>
          (JSON.parse(event.slice(6)) as { choices: { delta: Record<string, string> }[] }).choices[0]?.delta,
      );
    expect(deltas.map((delta) => delta?.reasoning_content ?? '').join('')).toBe('Compare 9.11 and 9.8.');
    expect(deltas.map((delta) => delta?.content ?? '').join('')).toBe('9.8 is greater.');
    expect(sse.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('decodes and encodes whole answers', () => {
    const exchange = { toolNames: new Map<string, string>(), providerId: 'openai', model: 'gpt-5' };
    const answer = openAIChatProtocol.decodeResponse(
      {
        id: 'chatcmpl-1',
        model: 'gpt-5',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }],
      },
      exchange,
    );
    const body = openAIChatProtocol.encodeResponse(answer, { requestedModel: 'fast', includeUsage: false });
    expect(body).toMatchObject({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      choices: [{ message: { content: 'Hi' }, finish_reason: 'stop' }],
    });
  });

  it('encodes errors in OpenAI’s envelope', () => {
    expect(
      openAIChatProtocol.encodeError(new GatewayError('rate_limited', 429, 'Slow down'), 'req_1'),
    ).toEqual({
      error: { message: 'Slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' },
    });
  });

  it('stream parts are valid for any IR producer: an Anthropic-shaped stream reaches an OpenAI client', async () => {
    const parts: IrStreamPart[] = [
      { type: 'response-start', id: 'msg_1', model: 'claude-sonnet-4-5', usage: { inputTokens: 25 } },
      { type: 'keep-alive' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Hello!' },
      { type: 'text-end', index: 0 },
      { type: 'usage', usage: { outputTokens: 15 } },
      {
        type: 'finish',
        finishReason: 'end-turn',
        usage: { inputTokens: 25, outputTokens: 15, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      },
    ];
    const sse = (
      await collect(
        openAIChatProtocol.encodeStream(iterate(parts), { requestedModel: 'x', includeUsage: true }),
      )
    ).join('');
    const completion = await ChatCompletionStream.fromReadableStream(
      Stream.fromSSEResponse(new Response(sse), new AbortController()).toReadableStream(),
    ).finalChatCompletion();
    expect(completion.choices[0]?.message.content).toBe('Hello!');
    expect(completion.usage?.total_tokens).toBe(40);
  });
});
