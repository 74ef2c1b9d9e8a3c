import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSseEvent, SseEventSplitter } from '../../upstream/sse-decode.js';
import { emptyTokenUsage, repairAnthropicUsage } from './map-usage.js';
import {
  createStreamTally,
  relayAnthropicStreamEvent,
  type AnthropicStreamTally,
} from './relay-stream-event.js';

// Shapes follow the Anthropic API reference, "Streaming Messages"; the recorded reference streams
// live in test/upstream/__fixtures__/ (each names its source in its comment lines).
const FIXTURES = new URL('../../../test/upstream/__fixtures__/', import.meta.url);

function fixtureEvents(name: string): string[] {
  const splitter = new SseEventSplitter();
  const events = splitter.push(readFileSync(new URL(name, FIXTURES)));
  expect(splitter.flush()).toBe('');
  return events;
}

function relayAll(events: readonly string[], tally: AnthropicStreamTally = createStreamTally()): string[] {
  return events.map((event) => relayAnthropicStreamEvent(event, tally));
}

function dataOf(raw: string): Record<string, unknown> {
  return JSON.parse(parseSseEvent(raw).data) as Record<string, unknown>;
}

function sse(event: string, data: unknown, lineEnd = '\n'): string {
  return `event: ${event}${lineEnd}data: ${JSON.stringify(data)}${lineEnd}${lineEnd}`;
}

const MESSAGE = {
  id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
  type: 'message',
  role: 'assistant',
  content: [],
  model: 'claude-opus-4-8',
  stop_reason: null,
  stop_sequence: null,
};

describe('relayAnthropicStreamEvent: pass-through', () => {
  const untouched: Array<[string, string]> = [
    ['ping', 'event: ping\ndata: {"type": "ping"}\n\n'],
    [
      'content_block_start',
      'event: content_block_start\ndata: {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}\n\n',
    ],
    [
      'content_block_delta with odd spacing kept',
      'event: content_block_delta\ndata: {"type":"content_block_delta",  "index":0,"delta":{"type":"text_delta","text":"h\\u00e9 ☃"}}\n\n',
    ],
    ['content_block_stop', 'event: content_block_stop\ndata: {"type": "content_block_stop", "index": 0}\n\n'],
    [
      'CRLF content_block_delta',
      'event: content_block_delta\r\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}\r\n\r\n',
    ],
    ['CRLF ping', 'event: ping\r\ndata: {"type": "ping"}\r\n\r\n'],
    ['comment-only keep-alive', ': keep-alive\n\n'],
    ['comment lines before a ping', ': a comment\n: another\nevent: ping\ndata: {"type":"ping"}\n\n'],
    [
      'unknown future event',
      'event: content_block_citation\ndata: {"type":"content_block_citation","x":1}\n\n',
    ],
    ['message_stop', 'event: message_stop\ndata: {"type": "message_stop"}\n\n'],
    [
      'error event',
      'event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}\n\n',
    ],
    [
      'well-formed message_start',
      `event: message_start\ndata: {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "content": [], "model": "claude-opus-4-8", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}\n\n`,
    ],
    [
      'well-formed message_start with CRLF and a comment line',
      ': upstream says hi\r\nevent: message_start\r\ndata: {"type":"message_start","message":{"id":"m","content":[],"usage":{"input_tokens":3,"output_tokens":0,"cache_read_input_tokens":null}}}\r\n\r\n',
    ],
    [
      'reference message_delta (usage with output_tokens only)',
      'event: message_delta\ndata: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence":null}, "usage": {"output_tokens": 15}}\n\n',
    ],
    ['message_start whose data is not JSON', 'event: message_start\ndata: {not json\n\n'],
    [
      'message_start whose message is not an object',
      'event: message_start\ndata: {"type":"message_start","message":7}\n\n',
    ],
  ];

  it.each(untouched)('%s is returned byte for byte', (_name, raw) => {
    expect(relayAnthropicStreamEvent(raw, createStreamTally())).toBe(raw);
  });

  it.each(['anthropic-basic-text.sse', 'anthropic-tool-use.sse', 'anthropic-error-event.sse'])(
    'the reference stream %s comes out identical',
    (name) => {
      const text = readFileSync(new URL(name, FIXTURES), 'utf8');
      expect(relayAll(fixtureEvents(name)).join('')).toBe(text);
    },
  );

  it('keeps every event of the thinking stream except the usage-less message_start / message_delta', () => {
    const events = fixtureEvents('anthropic-extended-thinking.sse');
    const relayed = relayAll(events);
    events.forEach((event, index) => {
      const name = parseSseEvent(event).event;
      if (name === 'message_start' || name === 'message_delta') expect(relayed[index]).not.toBe(event);
      else expect(relayed[index]).toBe(event);
    });
  });
});

describe('relayAnthropicStreamEvent: message_start repair', () => {
  const repaired: Array<[string, Record<string, unknown>, { input_tokens: number; output_tokens: number }]> =
    [
      ['without usage', { ...MESSAGE }, { input_tokens: 0, output_tokens: 0 }],
      ['with usage: null', { ...MESSAGE, usage: null }, { input_tokens: 0, output_tokens: 0 }],
      [
        'with input_tokens a string',
        { ...MESSAGE, usage: { input_tokens: '25', output_tokens: 1 } },
        { input_tokens: 0, output_tokens: 1 },
      ],
      [
        'with input_tokens null',
        { ...MESSAGE, usage: { input_tokens: null, output_tokens: 4 } },
        { input_tokens: 0, output_tokens: 4 },
      ],
      [
        'with fractional counts',
        { ...MESSAGE, usage: { input_tokens: 24.6, output_tokens: 1 } },
        { input_tokens: 25, output_tokens: 1 },
      ],
      [
        'with negative input_tokens',
        { ...MESSAGE, usage: { input_tokens: -3, output_tokens: 2 } },
        { input_tokens: 0, output_tokens: 2 },
      ],
    ];

  it.each(repaired)('message_start %s is re-serialised with integer counts', (_name, message, counts) => {
    const raw = sse('message_start', { type: 'message_start', message });
    const tally = createStreamTally();
    const out = relayAnthropicStreamEvent(raw, tally);
    expect(out).not.toBe(raw);
    expect(out.endsWith('\n\n')).toBe(true);
    expect(new SseEventSplitter().push(out)).toEqual([out]);
    expect(parseSseEvent(out).event).toBe('message_start');
    const data = dataOf(out);
    const { usage: originalUsage, ...otherFields } = message;
    const sentMessage = data.message as Record<string, unknown>;
    const { usage, ...sentOtherFields } = sentMessage;
    expect(data.type).toBe('message_start');
    expect(sentOtherFields).toEqual(otherFields);
    expect(usage).toMatchObject(counts);
    const sentUsage = usage as Record<string, unknown>;
    expect(Number.isInteger(sentUsage.input_tokens)).toBe(true);
    expect(Number.isInteger(sentUsage.output_tokens)).toBe(true);
    expect(originalUsage).not.toEqual(usage);
    expect(tally.sawMessageStart).toBe(true);
    expect(tally.usage.inputTokens).toBe(counts.input_tokens);
  });

  it('keeps the other usage fields and unknown message fields when repairing', () => {
    const message = {
      ...MESSAGE,
      container: null,
      usage: {
        input_tokens: 'n/a',
        output_tokens: 1,
        cache_read_input_tokens: 7,
        cache_creation_input_tokens: 0,
        service_tier: 'standard',
        server_tool_use: { web_search_requests: 0 },
      },
    };
    const tally = createStreamTally();
    const out = relayAnthropicStreamEvent(sse('message_start', { type: 'message_start', message }), tally);
    expect(dataOf(out)).toEqual({
      type: 'message_start',
      message: { ...message, usage: { ...message.usage, input_tokens: 0 } },
    });
    expect(tally.usage).toEqual({
      inputTokens: 0,
      outputTokens: 1,
      cacheReadInputTokens: 7,
      cacheCreationInputTokens: 0,
    });
  });

  it('re-serialises a CRLF message_start without usage as one well-formed event', () => {
    const raw = sse('message_start', { type: 'message_start', message: MESSAGE }, '\r\n');
    const out = relayAnthropicStreamEvent(raw, createStreamTally());
    expect(new SseEventSplitter().push(out)).toEqual([out]);
    expect(dataOf(out)).toEqual({
      type: 'message_start',
      message: { ...MESSAGE, usage: { input_tokens: 0, output_tokens: 0 } },
    });
  });

  // Regression test (found by the unit-test pass, fixed since).
  it('message_start whose usage lacks input_tokens gets input_tokens: 0', () => {
    const raw = sse('message_start', {
      type: 'message_start',
      message: { ...MESSAGE, usage: { output_tokens: 1 } },
    });
    const out = relayAnthropicStreamEvent(raw, createStreamTally());
    expect((dataOf(out).message as Record<string, unknown>).usage).toEqual({
      input_tokens: 0,
      output_tokens: 1,
    });
  });
});

describe('relayAnthropicStreamEvent: message_delta and flags', () => {
  it('records stop_reason and output_tokens from message_delta', () => {
    const tally = createStreamTally();
    const raw = sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'max_tokens', stop_sequence: null },
      usage: { output_tokens: 42 },
    });
    expect(relayAnthropicStreamEvent(raw, tally)).toBe(raw);
    expect(tally.stopReason).toBe('max_tokens');
    expect(tally.usage.outputTokens).toBe(42);
    expect(tally.sawMessageStart).toBe(false);
  });

  it('fills a message_delta without usage from what message_start reported', () => {
    const tally = createStreamTally();
    relayAnthropicStreamEvent(
      sse('message_start', {
        type: 'message_start',
        message: { ...MESSAGE, usage: { input_tokens: 9, output_tokens: 2 } },
      }),
      tally,
    );
    const out = relayAnthropicStreamEvent(
      sse('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
      }),
      tally,
    );
    // message_delta's usage needs only output_tokens (the cumulative count); input_tokens, when
    // added, must be what message_start reported.
    const { usage, ...rest } = dataOf(out);
    expect(rest).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null } });
    expect(usage).toMatchObject({ output_tokens: 2 });
    const inputTokens = (usage as Record<string, unknown>).input_tokens;
    if (inputTokens !== undefined) expect(inputTokens).toBe(9);
    expect(tally.stopReason).toBe('end_turn');
  });

  it('leaves stopReason alone when the delta has none', () => {
    const tally = createStreamTally();
    const raw = sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: null },
      usage: { output_tokens: 1 },
    });
    relayAnthropicStreamEvent(raw, tally);
    expect(tally.stopReason).toBeUndefined();
  });

  it.each([
    ['message_stop', 'event: message_stop\ndata: {"type":"message_stop"}\n\n', 'sawMessageStop'],
    [
      'error',
      'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"x"}}\n\n',
      'sawError',
    ],
    [
      'message_stop in CRLF',
      'event: message_stop\r\ndata: {"type":"message_stop"}\r\n\r\n',
      'sawMessageStop',
    ],
    ['error after a comment line', ': c\nevent: error\ndata: {"type":"error"}\n\n', 'sawError'],
  ] as const)('%s sets %s only', (_name, raw, flag) => {
    const tally = createStreamTally();
    relayAnthropicStreamEvent(raw, tally);
    const flags = { sawMessageStart: false, sawMessageStop: false, sawError: false, [flag]: true };
    expect({
      sawMessageStart: tally.sawMessageStart,
      sawMessageStop: tally.sawMessageStop,
      sawError: tally.sawError,
    }).toEqual(flags);
  });

  it('a ping sets no flag', () => {
    const tally = createStreamTally();
    relayAnthropicStreamEvent('event: ping\ndata: {"type":"ping"}\n\n', tally);
    expect(tally).toEqual(createStreamTally());
  });
});

describe('tally of a whole reference stream', () => {
  it.each([
    // Numbers read off the reference streams: message_start usage.input_tokens, message_delta usage.output_tokens.
    [
      'anthropic-basic-text.sse',
      { input: 25, output: 15, stop: 'end_turn', start: true, end: true, error: false },
    ],
    [
      'anthropic-tool-use.sse',
      { input: 472, output: 89, stop: 'tool_use', start: true, end: true, error: false },
    ],
    [
      'anthropic-extended-thinking.sse',
      { input: 0, output: 0, stop: 'end_turn', start: true, end: true, error: false },
    ],
    [
      'anthropic-error-event.sse',
      { input: 0, output: 0, stop: undefined, start: false, end: false, error: true },
    ],
  ])('%s', (name, expected) => {
    const tally = createStreamTally();
    relayAll(fixtureEvents(name), tally);
    expect({
      input: tally.usage.inputTokens,
      output: tally.usage.outputTokens,
      stop: tally.stopReason,
      start: tally.sawMessageStart,
      end: tally.sawMessageStop,
      error: tally.sawError,
    }).toEqual(expected);
  });

  it('gives the same relayed bytes whatever the chunking', () => {
    const bytes = readFileSync(new URL('anthropic-tool-use.sse', FIXTURES));
    const whole = relayAll(fixtureEvents('anthropic-tool-use.sse')).join('');
    for (const size of [1, 7, 64]) {
      const splitter = new SseEventSplitter();
      const tally = createStreamTally();
      let out = '';
      for (let offset = 0; offset < bytes.length; offset += size) {
        for (const event of splitter.push(bytes.subarray(offset, offset + size))) {
          out += relayAnthropicStreamEvent(event, tally);
        }
      }
      expect(out).toBe(whole);
      expect(tally.usage.outputTokens).toBe(89);
    }
  });
});

describe('repairAnthropicUsage', () => {
  it.each([
    ['well-formed', { input_tokens: 5, output_tokens: 6 }, false, { input_tokens: 5, output_tokens: 6 }],
    ['undefined', undefined, true, { input_tokens: 0, output_tokens: 0 }],
    ['null', null, true, { input_tokens: 0, output_tokens: 0 }],
    ['an array', [1, 2], true, { input_tokens: 0, output_tokens: 0 }],
    [
      'output_tokens a string',
      { input_tokens: 5, output_tokens: '6' },
      true,
      { input_tokens: 5, output_tokens: 0 },
    ],
    [
      'NaN output',
      { input_tokens: 5, output_tokens: Number.NaN },
      true,
      { input_tokens: 5, output_tokens: 0 },
    ],
  ])('%s → changed %s', (_name, usage, changed, expected) => {
    const result = repairAnthropicUsage(usage, emptyTokenUsage());
    expect(result.changed).toBe(changed);
    expect(result.usage).toEqual(expected);
  });

  it('takes missing counts from the record and records the ones present', () => {
    const record = { inputTokens: 11, outputTokens: 3, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
    const result = repairAnthropicUsage(
      { input_tokens: null, output_tokens: 8, cache_creation_input_tokens: 2 },
      record,
    );
    expect(result).toEqual({
      usage: { input_tokens: 11, output_tokens: 8, cache_creation_input_tokens: 2 },
      changed: true,
    });
    expect(record).toEqual({
      inputTokens: 11,
      outputTokens: 8,
      cacheReadInputTokens: 0,
      cacheCreationInputTokens: 2,
    });
  });

  it('returns the same object when nothing needs repair', () => {
    const usage = { input_tokens: 1, output_tokens: 2, cache_read_input_tokens: null };
    expect(repairAnthropicUsage(usage, emptyTokenUsage()).usage).toBe(usage);
  });
});
