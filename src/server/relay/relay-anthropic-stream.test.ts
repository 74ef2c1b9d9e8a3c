import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createStreamTally,
  relayAnthropicStreamEvent,
  type AnthropicStreamTally,
} from '../../protocols/anthropic/relay-stream-event.js';
import { relayAnthropicStreamRegion } from '../../protocols/anthropic/relay-stream-region.js';
import { SseEventSplitter } from '../../upstream/sse-decode.js';
import { relayAnthropicStream } from './relay-anthropic-stream.js';
import { seededRandom } from '../../../test/support/seeded-random.js';

// Events as the Anthropic API reference, "Streaming Messages", writes them (event: + data: lines,
// LF line ends); some with usage left out (repaired by the relay), some text that holds the words
// the byte path looks for. The byte path must send exactly what the event-by-event text path sends.

const TEXTS = ['Hello', 'message_start', 'an error here', '\nevent: error\n', 'é → 🎉', '"}}', 'ping'];

function event(data: Record<string, unknown> & { type: string }, name: string = data.type): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A seeded random stream, as one string. */
function randomStream(seed: number): string {
  const next = seededRandom(seed);
  const usage = next(3) === 0 ? {} : { usage: { input_tokens: 9, output_tokens: 1 } };
  let text = event({ type: 'message_start', message: { id: 'msg', type: 'message', model: 'm', ...usage } });
  text += event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  for (let n = next(40); n > 0; n -= 1) {
    const delta = TEXTS[next(TEXTS.length)] as string;
    text += event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: delta } });
    if (next(10) === 0) text += event({ type: 'ping' });
    if (next(25) === 0) text += ': keep-alive comment\n\n';
  }
  text += event({ type: 'content_block_stop', index: 0 });
  if (next(6) === 0) {
    return text + event({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  }
  const deltaUsage = next(3) === 0 ? { usage: { output_tokens: 'x' } } : { usage: { output_tokens: 12 } };
  text += event({
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    ...deltaUsage,
  });
  return text + event({ type: 'message_stop' });
}

/** The reference: every event split and relayed one by one. */
function relayByEvent(text: string): { out: string; tally: AnthropicStreamTally } {
  const tally = createStreamTally();
  const out = new SseEventSplitter()
    .push(text)
    .map((raw) => relayAnthropicStreamEvent(raw, tally))
    .join('');
  return { out, tally };
}

/** Cuts bytes at seeded random places (inside UTF-8 characters too). */
function chunksOf(bytes: Buffer, seed: number): Buffer[] {
  const chunks: Buffer[] = [];
  const next = seededRandom(seed);
  for (let at = 0; at < bytes.length;) {
    const size = 1 + next(700);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

class FakeResponse extends EventEmitter {
  readonly writes: Buffer[] = [];
  destroyed = false;
  write(data: string | Buffer): boolean {
    this.writes.push(typeof data === 'string' ? Buffer.from(data) : Buffer.from(data));
    return true;
  }
  end(): this {
    return this;
  }
}

async function relayChunks(chunks: Buffer[]): Promise<{ out: string; tally: AnthropicStreamTally }> {
  const response = new FakeResponse();
  const result = await relayAnthropicStream({
    upstreamId: 'up',
    endpoint: 'https://up.example/v1/messages',
    body: Readable.from(chunks),
    response: response as unknown as ServerResponse,
    signal: new AbortController().signal,
    requestId: 'req-1',
  });
  return { out: Buffer.concat(response.writes).toString('utf8'), tally: result.tally };
}

describe('relayAnthropicStreamRegion', () => {
  it('sends what relaying event by event sends, and tallies the same, for 300 random streams', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const text = randomStream(seed);
      const tally = createStreamTally();
      const pieces = relayAnthropicStreamRegion(Buffer.from(text), tally);
      expect(pieces).toBeDefined();
      const out = Buffer.concat(pieces ?? []).toString('utf8');
      const reference = relayByEvent(text);
      expect(out, `seed ${seed}`).toBe(reference.out);
      expect(tally, `seed ${seed}`).toEqual(reference.tally);
    }
  });

  it('passes content events through as the same bytes (only message and error events are decoded)', () => {
    const text = randomStream(3);
    const region = Buffer.from(text);
    const pieces = relayAnthropicStreamRegion(region, createStreamTally()) ?? [];
    const shared = pieces.filter((piece) => piece.buffer === region.buffer);
    expect(shared.reduce((sum, piece) => sum + piece.length, 0)).toBeGreaterThan(region.length / 2);
  });
});

describe('relayAnthropicStreamRegion: regions it leaves to the text path', () => {
  it('gives undefined, reading and tallying nothing, for CR line ends or a run of three line feeds', () => {
    for (const region of [
      'event: message_start\r\ndata: {"type":"message_start","message":{}}\r\n\r\n',
      'event: message_start\ndata: {"type":"message_start","message":{}}\n\nevent: ping\ndata: {"type":"ping"}\n\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n',
    ]) {
      const tally = createStreamTally();
      expect(relayAnthropicStreamRegion(Buffer.from(region), tally)).toBeUndefined();
      expect(tally).toEqual(createStreamTally());
    }
  });
});

describe('relayAnthropicStream: bytes and text paths', () => {
  it('relays random streams cut into random chunks exactly as event by event', async () => {
    for (let seed = 1; seed <= 120; seed += 1) {
      const text = randomStream(seed);
      const reference = relayByEvent(text);
      const relayed = await relayChunks(chunksOf(Buffer.from(text), seed));
      expect(relayed.out, `seed ${seed}`).toBe(reference.out);
      expect(relayed.tally, `seed ${seed}`).toEqual(reference.tally);
    }
  });

  it('switches to the text path for CRLF line ends and for runs of line feeds, mid-stream', async () => {
    for (const variant of ['crlf', 'triple'] as const) {
      const text = randomStream(11);
      const cut = text.indexOf('event: content_block_stop');
      const tailText = text.slice(cut);
      const changed =
        variant === 'crlf' ? tailText.replaceAll('\n', '\r\n') : `\n${tailText.replace('\n\n', '\n\n\n')}`;
      const whole = text.slice(0, cut) + changed;
      const reference = relayByEvent(whole);
      const relayed = await relayChunks(chunksOf(Buffer.from(whole), 5));
      expect(relayed.out, variant).toBe(reference.out);
      expect(relayed.tally.sawMessageStop || relayed.tally.sawError, variant).toBe(true);
    }
  });
});
