// The switches that make the fake behave like OpenAI-compatible providers rather than OpenAI itself:
// reasoning in provider fields or <think> tags, tool call names that arrive late, interleaved parallel
// tool calls, usage on every chunk or none at all, and the piece sizes.
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeOpenAIChatReasoningField, FakeOpenAIChatReply } from './fake-openai-chat-reply.js';
import { startFakeOpenAIChatUpstream, type FakeOpenAIChatUpstream } from './fake-openai-chat-upstream.js';
import { parseSseJson } from './read-sse.js';
import { postJson } from './send-test-request.js';

const REQUEST = { model: 'gpt-fake-1', messages: [{ role: 'user' as const, content: 'Hello' }] };
const STREAM = { ...REQUEST, stream: true };
const REASONING = 'The user greets me; I should greet back briefly.';
const ANSWER = 'Hi there!';
const PARALLEL_CALLS = [
  { id: 'call_a', name: 'get_weather', arguments: '{"location":"Paris"}' },
  { id: 'call_b', name: 'get_time', arguments: '{"timezone":"Europe/Paris"}' },
];

interface Chunk {
  choices: { delta: Record<string, unknown>; finish_reason: string | null }[];
  usage?: { completion_tokens: number; total_tokens: number } | null;
}
interface Fragment {
  index: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

let upstream: FakeOpenAIChatUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeOpenAIChatUpstream();
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('reasoning', () => {
  it.each(['reasoning_content', 'reasoning'] as const)(
    'streams the trace in delta.%s before the content, and returns it in message',
    async (field) => {
      const reply = reasoningReply(field);
      upstream.enqueue(reply, reply);
      const chunks = await streamChunks(STREAM);
      const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
      const reasoningDeltas = deltas.filter((delta) => field in delta);
      expect(reasoningDeltas.map((delta) => delta[field]).join('')).toBe(REASONING);
      expect(reasoningDeltas.every((delta) => Object.keys(delta).length === 1)).toBe(true);
      const firstContent = deltas.findIndex(
        (delta) => typeof delta['content'] === 'string' && delta['content'] !== '',
      );
      expect(firstContent).toBeGreaterThan(deltas.indexOf(reasoningDeltas.at(-1) ?? {}));
      expect(deltas.map((delta) => delta['content'] ?? '').join('')).toBe(ANSWER);

      const completion = await (await postJson(upstream.url, '/v1/chat/completions', REQUEST)).json();
      expect(completion).toMatchObject({ choices: [{ message: { content: ANSWER, [field]: REASONING } }] });
      expect(completion).toMatchObject({
        usage: { completion_tokens_details: { reasoning_tokens: Math.ceil(REASONING.length / 4) } },
      });
    },
  );

  it('think-tags: puts <think>…</think> at the start of content, nothing else', async () => {
    const reply = reasoningReply('think-tags');
    upstream.enqueue(reply, reply);
    const chunks = await streamChunks(STREAM);
    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
    expect(deltas.some((delta) => 'reasoning_content' in delta || 'reasoning' in delta)).toBe(false);
    const content = deltas.map((delta) => delta['content'] ?? '').join('');
    expect(content).toBe(`<think>${REASONING}</think>${ANSWER}`);
    const completion = await client.chat.completions.create(REQUEST);
    expect(completion.choices[0]?.message.content).toBe(`<think>${REASONING}</think>${ANSWER}`);
  });
});

describe('tool call quirks', () => {
  it('toolCallNameLate: the id comes first, the name in a later fragment; the SDK still accumulates it', async () => {
    const reply: FakeOpenAIChatReply = { kind: 'message', toolCalls: PARALLEL_CALLS, toolCallNameLate: true };
    upstream.enqueue(reply, reply);
    const fragments = toolCallFragments(await streamChunks(STREAM));
    expect(fragments[0]).toEqual({ index: 0, id: 'call_a', type: 'function', function: { arguments: '' } });
    expect(fragments[1]).toEqual({ index: 0, function: { name: 'get_weather' } });
    expect(fragments.filter((fragment) => fragment.function?.name !== undefined)).toHaveLength(2);

    const completion = await client.chat.completions.stream(REQUEST).finalChatCompletion();
    expect(completion.choices[0]?.message.tool_calls).toEqual(
      PARALLEL_CALLS.map(({ id, name, arguments: args }) => ({
        id,
        type: 'function',
        function: { name, arguments: args },
      })),
    );
  });

  it('interleaveToolCalls: fragments of parallel calls alternate by index; the SDK still accumulates them', async () => {
    const reply: FakeOpenAIChatReply = {
      kind: 'message',
      toolCalls: PARALLEL_CALLS,
      interleaveToolCalls: true,
    };
    upstream.enqueue(reply, reply);
    const fragments = toolCallFragments(await streamChunks(STREAM));
    expect(fragments.slice(0, 4).map((fragment) => fragment.index)).toEqual([0, 1, 0, 1]);
    for (const [index, call] of PARALLEL_CALLS.entries()) {
      const own = fragments.filter((fragment) => fragment.index === index);
      expect(own[0]).toEqual({
        index,
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: '' },
      });
      expect(own.map((fragment) => fragment.function?.arguments ?? '').join('')).toBe(call.arguments);
    }
    const completion = await client.chat.completions.stream(REQUEST).finalChatCompletion();
    expect(completion.choices[0]?.message.tool_calls?.map((call) => call.id)).toEqual(['call_a', 'call_b']);
  });

  it('sends calls one after the other by default, with content first and finish_reason last', async () => {
    upstream.enqueue({
      kind: 'message',
      content: 'Checking.',
      toolCalls: PARALLEL_CALLS,
      finishReason: 'content_filter',
    });
    const chunks = await streamChunks(STREAM);
    const indexes = toolCallFragments(chunks).map((fragment) => fragment.index);
    expect(indexes).toEqual([...indexes].sort());
    expect(chunks.at(-1)?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'content_filter' });
  });
});

describe('usage switches', () => {
  it('usageOnEveryChunk: running totals on every chunk, the final usage on the finish chunk', async () => {
    upstream.enqueue({
      kind: 'message',
      content: 'A longer answer than one chunk.',
      usageOnEveryChunk: true,
    });
    const chunks = await streamChunks(STREAM);
    const counts = chunks.map((chunk) => chunk.usage?.completion_tokens ?? -1);
    expect(counts.every((count) => count >= 0)).toBe(true);
    expect(counts).toEqual([...counts].sort((left, right) => left - right));
    expect(counts.at(-1)).toBe(Math.ceil('A longer answer than one chunk.'.length / 4));
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('usageOnEveryChunk with include_usage: still ends with the choices: [] usage chunk', async () => {
    upstream.enqueue({ kind: 'message', content: 'Hi', usageOnEveryChunk: true });
    const chunks = await streamChunks({ ...STREAM, stream_options: { include_usage: true } });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 1 } });
    expect(chunks.every((chunk) => chunk.usage !== null && chunk.usage !== undefined)).toBe(true);
  });

  it('omitUsage: no usage chunk despite include_usage, and no usage in a JSON body', async () => {
    upstream.enqueue(
      { kind: 'message', content: 'Hi', omitUsage: true },
      { kind: 'message', omitUsage: true },
    );
    const chunks = await streamChunks({ ...STREAM, stream_options: { include_usage: true } });
    expect(chunks.every((chunk) => chunk.choices.length === 1 && !('usage' in chunk))).toBe(true);
    const body = await (await postJson(upstream.url, '/v1/chat/completions', REQUEST)).json();
    expect(body).not.toHaveProperty('usage');
    expect(body).toMatchObject({ choices: [{ message: { content: '' } }] });
  });
});

describe('piece sizes', () => {
  it('cuts content into chunkSize and arguments into argumentsChunkSize characters', async () => {
    const other = await startFakeOpenAIChatUpstream({ chunkSize: 3, argumentsChunkSize: 5 });
    try {
      other.enqueue({
        kind: 'message',
        content: 'abcdefghij',
        toolCalls: [{ name: 'f', arguments: '0123456789ab' }],
      });
      const response = await postJson(other.url, '/v1/chat/completions', STREAM);
      const chunks = parseSseJson(await response.text())
        .map((event) => event.data)
        .filter((data): data is Chunk => typeof data === 'object');
      const contents = chunks.map((chunk) => chunk.choices[0]?.delta['content']).filter(isNonEmptyString);
      expect(contents).toEqual(['abc', 'def', 'ghi', 'j']);
      const pieces = toolCallFragments(chunks)
        .map((fragment) => fragment.function?.arguments)
        .filter(isNonEmptyString);
      expect(pieces).toEqual(['01234', '56789', 'ab']);
    } finally {
      await other.close();
    }
  });
});

function reasoningReply(field: FakeOpenAIChatReasoningField): FakeOpenAIChatReply {
  return { kind: 'message', content: ANSWER, reasoning: { text: REASONING, field } };
}

async function streamChunks(body: unknown): Promise<Chunk[]> {
  const response = await postJson(upstream.url, '/v1/chat/completions', body);
  const events = parseSseJson(await response.text());
  expect(events.at(-1)).toEqual({ data: '[DONE]' });
  return events.slice(0, -1).map((event) => event.data as Chunk);
}

function toolCallFragments(chunks: readonly Chunk[]): Fragment[] {
  return chunks.flatMap((chunk) => (chunk.choices[0]?.delta['tool_calls'] as Fragment[] | undefined) ?? []);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
