import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import type { ClientExchange, Protocol, UpstreamExchange } from '../../protocols/protocol.js';
import { StringSlotTemplate } from '../../protocols/json/string-slot-template.js';
import { protocolFor } from '../../protocols/registry.js';
import { readSseEvents } from '../../upstream/read-sse-events.js';
import type { AcceptedAnswer } from '../attempt-upstream.js';
import { relayTranslated } from './relay-translated.js';
import { seededRandom } from '../../../test/support/seeded-random.js';
import { UpstreamBodyFeed, upstreamBodyOf } from '../../../test/support/upstream-body-feed.js';
import type { UpstreamBody } from '../../upstream/upstream-body.js';
import { ToolCallAssembler } from '../../protocols/openai-chat/tool-call-assembler.js';

const EXCHANGE: UpstreamExchange = { toolNames: new Map(), providerId: 'openai', model: 'gpt-4.1' };
const CLIENT: ClientExchange = { requestedModel: 'claude-alias', includeUsage: false };

function chatChunk(delta: Record<string, unknown>, finish: string | null = null): string {
  const chunk = { id: 'chatcmpl-1', model: 'gpt-4.1', choices: [{ index: 0, delta, finish_reason: finish }] };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

const CHAT_STREAM = [
  chatChunk({ role: 'assistant', content: '' }) + chatChunk({ content: 'Hel' }),
  chatChunk({ content: 'lo ' }) + chatChunk({ content: 'wö' }).slice(0, 30),
  chatChunk({ content: 'wö' }).slice(30) + chatChunk({ content: 'rld' }),
  chatChunk({}, 'stop'),
  'data: {"id":"chatcmpl-1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3}}\n\n',
  'data: [DONE]\n\n',
];

/** The client's response: records writes; `full` makes `write` report a full buffer. */
class FakeResponse extends EventEmitter {
  readonly writes: string[] = [];
  destroyed = false;
  ended = false;
  full = false;
  writeHead(): this {
    return this;
  }
  write(text: string): boolean {
    this.writes.push(text);
    return !this.full;
  }
  end(): this {
    this.ended = true;
    return this;
  }
}

interface Relayed {
  readonly outcome: Awaited<ReturnType<typeof relayTranslated>>;
  readonly raw: FakeResponse;
  readonly text: string;
}

async function relay(
  body: UpstreamBody,
  options: {
    upstream?: Protocol;
    inbound?: Protocol;
    contentType?: string;
    controller?: AbortController;
    raw?: FakeResponse;
    stream?: boolean;
  } = {},
): Promise<Relayed> {
  const raw = options.raw ?? new FakeResponse();
  const controller = options.controller ?? new AbortController();
  const accepted = {
    kind: 'translated',
    target: { route: { upstream: { id: 'up' } }, model: 'gpt-4.1' },
    endpoint: 'https://up.example/v1/chat/completions',
    response: {
      statusCode: 200,
      headers: { 'content-type': options.contentType ?? 'text/event-stream' },
      body,
    },
    stream: options.stream ?? true,
    warnings: [],
    release: () => undefined,
    scrub: (text: string) => text,
    upstreamProtocol: options.upstream ?? protocolFor('openai-chat'),
    exchange: EXCHANGE,
    client: CLIENT,
  } as unknown as Extract<AcceptedAnswer, { kind: 'translated' }>;
  const reply = {
    hijack: () => undefined,
    raw,
    code: () => reply,
    headers: () => reply,
    send: (payload: unknown) => raw.write(JSON.stringify(payload)),
  } as unknown as FastifyReply;
  const request = { id: 'req-1' } as unknown as FastifyRequest;
  const outcome = await relayTranslated(
    accepted,
    options.inbound ?? protocolFor('anthropic'),
    request,
    reply,
    controller.signal,
  );
  return { outcome, raw, text: raw.writes.join('') };
}

/** What the async pipeline (decodeStream → encodeStream) writes for the same bytes. */
async function expectedText(
  chunks: readonly string[],
  upstream: Protocol,
  inbound: Protocol,
): Promise<string> {
  const parts = upstream.decodeStream(readSseEvents(Readable.from(chunks)), EXCHANGE);
  let text = '';
  for await (const piece of inbound.encodeStream(parts, CLIENT)) text += piece;
  return text;
}

/** Resolves once `check` holds (polled on timers). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('relayTranslated: streams', () => {
  it('writes what the async pipeline writes, in one write per upstream chunk', async () => {
    const { outcome, raw, text } = await relay(upstreamBodyOf(CHAT_STREAM).body);
    const expected = await expectedText(CHAT_STREAM, protocolFor('openai-chat'), protocolFor('anthropic'));
    const messageId = /msg_[A-Za-z0-9]+/g;
    expect(text.replace(messageId, 'msg_x')).toBe(expected.replace(messageId, 'msg_x'));
    expect(raw.writes.length).toBeLessThanOrEqual(CHAT_STREAM.length);
    expect(raw.ended).toBe(true);
    expect(outcome.outcome).toBe('complete');
    expect(outcome.usage).toMatchObject({ inputTokens: 5, outputTokens: 3 });
    expect(outcome.firstByteMs).toBeGreaterThanOrEqual(0);
  });

  it('translates the other way too (Anthropic upstream → Chat Completions client)', async () => {
    const events = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"claude","usage":{"input_tokens":4,"output_tokens":1}}}\n\n',
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\nevent: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n',
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\nevent: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n',
    ];
    const upstream = protocolFor('anthropic');
    const inbound = protocolFor('openai-chat');
    const { outcome, raw, text } = await relay(upstreamBodyOf(events).body, { upstream, inbound });
    const expected = await expectedText(events, upstream, inbound);
    const created = /"created":\d+/g;
    expect(text.replace(created, '')).toBe(expected.replace(created, ''));
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(raw.ended).toBe(true);
    expect(outcome).toMatchObject({ outcome: 'complete', usage: { inputTokens: 4, outputTokens: 2 } });
  });

  it('writes the same text wherever the upstream cuts its chunks, events and characters included', async () => {
    const deltas = ['Hel', 'lo ', 'wö', 'rld', ' é "q" \\ \n', '🎉', 'end'];
    const anthropicEvents =
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"claude","usage":{"input_tokens":4,"output_tokens":1}}}\n\n' +
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
      deltas
        .map(
          (delta) =>
            `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(delta)}}}\n\n`,
        )
        .join('') +
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\nevent: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n';
    const directions = [
      {
        upstream: protocolFor('openai-chat'),
        inbound: protocolFor('anthropic'),
        bytes: Buffer.from(CHAT_STREAM.join('')),
      },
      {
        upstream: protocolFor('anthropic'),
        inbound: protocolFor('openai-chat'),
        bytes: Buffer.from(anthropicEvents),
      },
    ];
    const volatile = /msg_[A-Za-z0-9]+|"created":\d+/g;
    for (const { upstream, inbound, bytes } of directions) {
      const expected = (await expectedText([bytes.toString()], upstream, inbound)).replace(volatile, '');
      for (const size of [1, 2, 5, 17, 64, 100, 333]) {
        const chunks: Buffer[] = [];
        for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
        const { text, outcome } = await relay(upstreamBodyOf(chunks).body, { upstream, inbound });
        expect(text.replace(volatile, ''), `${upstream.format} in chunks of ${size} bytes`).toBe(expected);
        expect(outcome.outcome, `${upstream.format} in chunks of ${size} bytes`).toBe('complete');
      }
    }
  });

  it('writes the events of the last chunk together with the ending, in one write', async () => {
    const events = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"claude","usage":{"input_tokens":4,"output_tokens":1}}}\n\nevent: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\nevent: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\nevent: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n',
    ];
    // The socket's buffer is full after the last write: the ending must not wait for `drain`, or
    // `end` would leave in a later write of its own.
    const raw = new (class extends FakeResponse {
      override write(text: string): boolean {
        super.write(text);
        return !text.includes('[DONE]');
      }
    })();
    let endedBeforeDrain: boolean | undefined;
    const drain = setTimeout(() => {
      endedBeforeDrain = raw.ended;
      raw.emit('drain');
    }, 50);
    await relay(upstreamBodyOf(events).body, {
      upstream: protocolFor('anthropic'),
      inbound: protocolFor('openai-chat'),
      raw,
    });
    clearTimeout(drain);
    expect(raw.writes).toHaveLength(2);
    expect(raw.writes[1]).toContain('"content":"Hi"');
    expect(raw.writes[1]).toContain('data: [DONE]');
    expect(raw.ended).toBe(true);
    expect(endedBeforeDrain).toBeUndefined();
  });

  it('answers at the end of the stream and drops what the body still brings, keeping the call', async () => {
    const { body, feed, pumped } = upstreamBodyOf([
      ...CHAT_STREAM,
      chatChunk({ content: 'late' }),
      chatChunk({ content: 'later' }),
    ]);
    const { outcome, text } = await relay(body);
    expect(outcome.outcome).toBe('complete');
    expect(body.receivedEnd).toBe(false);
    await pumped;
    expect(text).not.toContain('late');
    expect(feed.pushed).toBe(CHAT_STREAM.length + 2);
    expect(body.receivedEnd).toBe(true);
    expect(feed.aborted).toBeUndefined();
  });

  it('lets a body that has received its end run out, without aborting the call', async () => {
    const feed = new UpstreamBodyFeed();
    for (const chunk of [...CHAT_STREAM, chatChunk({ content: 'late' })]) feed.write(chunk);
    feed.end();
    const { outcome, text } = await relay(feed.body);
    expect(outcome.outcome).toBe('complete');
    expect(text).not.toContain('late');
    expect(feed.body.receivedEnd).toBe(true);
    expect(feed.aborted).toBeUndefined();
  });

  it('ends with the client format error event when the upstream stops early', async () => {
    const { outcome, text } = await relay(upstreamBodyOf(CHAT_STREAM.slice(0, 2)).body);
    expect(outcome.outcome).toBe('failed');
    expect(text).toContain('event: error\n');
    expect(text).toContain('ended the stream before it finished');
  });

  it('turns a broken connection into the client format error event', async () => {
    async function* chunks(): AsyncGenerator<string> {
      yield CHAT_STREAM[0] ?? '';
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    const { outcome, text } = await relay(upstreamBodyOf(chunks()).body);
    expect(outcome.outcome).toBe('failed');
    expect(text).toContain('Hel');
    expect(text).toContain('event: error\n');
    expect(text).toContain("The stream from upstream 'up' broke off");
  });

  it('reports aborted and writes nothing more when the client has gone', async () => {
    const controller = new AbortController();
    const raw = new FakeResponse();
    const feed = new UpstreamBodyFeed();
    const relayed = relay(feed.body, { controller, raw });
    feed.write(CHAT_STREAM[0] ?? '');
    await until(() => raw.writes.length === 1);
    raw.destroyed = true;
    controller.abort();
    feed.write(CHAT_STREAM[1] ?? '');
    const { outcome } = await relayed;
    expect(outcome.outcome).toBe('aborted');
    expect(raw.writes).toHaveLength(1);
    expect(raw.ended).toBe(false);
    expect(feed.aborted).toBeDefined();
  });

  it('waits for drain, and stops when the client leaves while it waits', async () => {
    const controller = new AbortController();
    const raw = new FakeResponse();
    raw.full = true;
    const relayed = relay(upstreamBodyOf(CHAT_STREAM).body, { controller, raw });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(raw.writes).toHaveLength(1);
    raw.full = false;
    raw.emit('drain');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(raw.writes.length).toBeGreaterThan(1);
    const { outcome } = await relayed;
    expect(outcome.outcome).toBe('complete');

    const leaving = new FakeResponse();
    leaving.full = true;
    const aborted = relay(upstreamBodyOf(CHAT_STREAM).body, { controller, raw: leaving });
    await new Promise((resolve) => setTimeout(resolve, 10));
    leaving.destroyed = true;
    controller.abort();
    expect((await aborted).outcome.outcome).toBe('aborted');
    expect(leaving.writes).toHaveLength(1);
  });
});

describe('relayTranslated: a JSON answer to a streaming request', () => {
  it('is replayed as a stream', async () => {
    const answer = {
      id: 'chatcmpl-9',
      model: 'gpt-4.1',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Whole.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 2, completion_tokens: 1 },
    };
    // The relay reads a JSON answer as bytes, here in two chunks.
    const bytes = Buffer.from(JSON.stringify(answer));
    const { body } = upstreamBodyOf([bytes.subarray(0, 7), bytes.subarray(7)]);
    const { outcome, raw, text } = await relay(body, { contentType: 'application/json' });
    expect(raw.writes).toHaveLength(1);
    const types = [...text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(outcome).toMatchObject({ outcome: 'complete', usage: { inputTokens: 2, outputTokens: 1 } });
  });
});

describe('relayTranslated: a non-streaming answer', () => {
  it('is read as bytes (non-ASCII kept) and its decode warnings are collected', async () => {
    const answer = {
      id: 'chatcmpl-10',
      model: 'gpt-4.1',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Café → done.' }, finish_reason: 'stop' },
        { index: 1, message: { role: 'assistant', content: 'Second.' }, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: 2, completion_tokens: 3 },
    };
    // Cut inside 'é': the bytes are joined before they are decoded.
    const bytes = Buffer.from(JSON.stringify(answer));
    const cut = bytes.indexOf('é') + 1;
    const { body } = upstreamBodyOf([bytes.subarray(0, cut), bytes.subarray(cut)]);
    const { outcome, text } = await relay(body, { contentType: 'application/json', stream: false });
    expect(JSON.parse(text)).toMatchObject({
      type: 'message',
      content: [{ type: 'text', text: 'Café → done.' }],
    });
    expect(outcome.warnings?.map((warning) => warning.code)).toEqual(['dropped-block']);
  });
});

describe('relayTranslated: the delta fast lane', () => {
  // Literals written as an upstream may write them: other escapes than JSON.stringify's (\u00e9,
  // \/), quotes, newlines, non-ASCII, text that looks like the event framing.
  const LITERALS = [
    '"Hello"',
    '"caf\\u00e9 \\/ ok"',
    '" \\"q\\" "',
    '"line\\n"',
    '"é → 🎉"',
    '"}}\\n\\ndata: x"',
    '"<think>"',
  ];

  /** Pieces of tool-call arguments as JSON string literals (escapes, non-ASCII, an empty piece). */
  const ARGUMENT_PIECES = [
    '"{\\"path\\":"',
    '"\\"a b\\""',
    '"}"',
    '"\\u00e9 \\/"',
    '""',
    '"[1,"',
    '"é → 🎉"',
  ];

  function anthropicStream(seed: number): string {
    const next = seededRandom(seed);
    const event = (name: string, data: string): string => `event: ${name}\ndata: ${data}\n\n`;
    let text = event(
      'message_start',
      '{"type":"message_start","message":{"id":"msg_1","model":"claude","usage":{"input_tokens":4,"output_tokens":1}}}',
    );
    const blocks = 1 + next(3);
    for (let index = 0; index < blocks; index += 1) {
      const thinking = next(3) === 0;
      const [block, type, field] = thinking
        ? ['{"type":"thinking","thinking":"","signature":""}', 'thinking_delta', 'thinking']
        : ['{"type":"text","text":""}', 'text_delta', 'text'];
      text += event(
        'content_block_start',
        `{"type":"content_block_start","index":${index},"content_block":${block}}`,
      );
      for (let n = next(12); n > 0; n -= 1) {
        const literal = LITERALS[next(LITERALS.length)] as string;
        text += event(
          'content_block_delta',
          `{"type":"content_block_delta","index":${index},"delta":{"type":"${type}","${field}":${literal}}}`,
        );
      }
      text += event('content_block_stop', `{"type":"content_block_stop","index":${index}}`);
    }
    text += event(
      'message_delta',
      '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}',
    );
    return text + event('message_stop', '{"type":"message_stop"}');
  }

  function chatStream(seed: number): string {
    const next = seededRandom(seed);
    const chunk = (delta: string, finish = 'null'): string =>
      `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt","choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}]}\n\n`;
    let text = chunk('{"role":"assistant","content":""}');
    if (next(3) === 0) text += chunk('{"content":"<think>plan"}') + chunk('{"content":"ning</think> "}');
    for (let n = 2 + next(15); n > 0; n -= 1) {
      const roll = next(12);
      if (roll === 0) text += chunk(`{"reasoning_content":${LITERALS[next(LITERALS.length)] as string}}`);
      else if (roll === 1) text += chunk('{"content":""}');
      else text += chunk(`{"content":${LITERALS[next(LITERALS.length)] as string}}`);
    }
    if (next(2) === 0) {
      // One or two calls, each streaming its arguments in pieces (the first one carries id and
      // name); text between them ends the live call; a repeated id keeps a piece off the fast lane.
      for (let call = 0, calls = 1 + next(2); call < calls; call += 1) {
        text += chunk(
          `{"tool_calls":[{"index":${call},"id":"call_${call}","type":"function","function":{"name":"Read","arguments":""}}]}`,
        );
        for (let n = 1 + next(6); n > 0; n -= 1) {
          const piece = ARGUMENT_PIECES[next(ARGUMENT_PIECES.length)] as string;
          const id = next(8) === 0 ? `"id":"call_${call}",` : '';
          text += chunk(`{"tool_calls":[{"index":${call},${id}"function":{"arguments":${piece}}}]}`);
        }
        if (next(4) === 0) text += chunk('{"content":"between"}');
      }
      text += chunk('{}', '"tool_calls"');
    } else text += chunk('{}', '"stop"');
    return `${text}data: {"id":"chatcmpl-1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3}}\n\ndata: [DONE]\n\n`;
  }

  /** The events of an SSE text, each data parsed (ids and timestamps made comparable). */
  function eventsOf(text: string): unknown[] {
    return text
      .split('\n\n')
      .filter((event) => event !== '')
      .map((event) => {
        const name = /^event: (.*)$/m.exec(event)?.[1];
        const data = (/^data: (.*)$/m.exec(event)?.[1] ?? '').replace(/msg_[A-Za-z0-9]+/g, 'msg_x');
        const parsed: unknown = data.startsWith('{') ? JSON.parse(data) : data;
        if (typeof parsed === 'object' && parsed !== null) delete (parsed as { created?: unknown }).created;
        return { name, data: parsed };
      });
  }

  function cut(text: string, seed: number): string[] {
    const next = seededRandom(seed + 99);
    const chunks: string[] = [];
    for (let at = 0; at < text.length;) {
      const size = 1 + next(400);
      chunks.push(text.slice(at, at + size));
      at += size;
    }
    return chunks;
  }

  it.each([
    ['Anthropic upstream → Chat Completions client', 'anthropic', 'openai-chat', anthropicStream],
    ['Chat Completions upstream → Anthropic client', 'openai-chat', 'anthropic', chatStream],
  ] as const)(
    '%s: the same events as the async pipeline, 60 random streams',
    async (_name, from, to, build) => {
      const read = vi.spyOn(StringSlotTemplate.prototype, 'readLiteral');
      const appendLive = vi.spyOn(ToolCallAssembler.prototype, 'appendLive');
      const upstream = protocolFor(from);
      const inbound = protocolFor(to);
      for (let seed = 1; seed <= 60; seed += 1) {
        const chunks = cut(build(seed), seed);
        const { text, outcome } = await relay(upstreamBodyOf(chunks).body, { upstream, inbound });
        expect(eventsOf(text), `seed ${seed}`).toEqual(
          eventsOf(await expectedText(chunks, upstream, inbound)),
        );
        expect(outcome.outcome).toBe('complete');
      }
      expect(read.mock.results.filter((result) => result.value !== undefined).length).toBeGreaterThan(150);
      if (from === 'openai-chat') {
        // Tool-call argument pieces took the fast lane too.
        const appended = appendLive.mock.results.filter((result) => result.value !== undefined);
        expect(appended.length).toBeGreaterThan(30);
      }
      read.mockRestore();
      appendLive.mockRestore();
    },
  );
});
