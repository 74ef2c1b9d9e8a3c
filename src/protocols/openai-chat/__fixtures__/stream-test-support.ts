import { readFileSync } from 'node:fs';
import type { IrStreamPart } from '../../../ir/stream-part.js';
import type { IrWarning } from '../../../ir/warning.js';
import type { SseEvent } from '../../../upstream/sse-decode.js';
import type { UpstreamExchange } from '../../protocol.js';
import { decodeOpenAIChatStream } from '../decode-stream.js';

/** Test support for the stream tests (not used by the gateway). */

/** The exchange of a request that renamed nothing. */
export const EXCHANGE: UpstreamExchange = { toolNames: new Map(), providerId: 'openai', model: 'gpt-4.1' };

/** The stream's terminator event. */
export const DONE: SseEvent = { event: undefined, data: '[DONE]' };

/**
 * A fixture's chunks (one JSON per line; `#` lines are comments) as SSE events.
 * @param done append `data: [DONE]`, as the reference streams end
 */
export function readChunkFixture(name: string, done = true): SseEvent[] {
  const text = readFileSync(new URL(name, import.meta.url), 'utf8');
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const events: SseEvent[] = lines.map((data) => ({ event: undefined, data }));
  return done ? [...events, DONE] : events;
}

/** One chunk event in the reference envelope, for choice 0. */
export function chunk(
  delta: Record<string, unknown>,
  finish: string | null = null,
  extra: Record<string, unknown> = {},
): SseEvent {
  return {
    event: undefined,
    data: JSON.stringify({
      id: 'chatcmpl-t',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...extra,
    }),
  };
}

/** Decodes events; checks the parts are a well-formed IR stream (throws if not). */
export async function decodeEvents(
  events: readonly SseEvent[],
  exchange: UpstreamExchange = EXCHANGE,
): Promise<{ parts: IrStreamPart[]; warnings: IrWarning[] }> {
  const warnings: IrWarning[] = [];
  async function* source(): AsyncGenerator<SseEvent> {
    yield* events;
  }
  const parts: IrStreamPart[] = [];
  for await (const part of decodeOpenAIChatStream(source(), exchange, {
    onWarning: (warning) => warnings.push(warning),
  })) {
    parts.push(part);
  }
  assertWellFormed(parts);
  return { parts, warnings };
}

/** response-start first; blocks start → deltas → end, numbered in order, never interleaved; finish or error last. */
export function assertWellFormed(parts: readonly IrStreamPart[]): void {
  const fail = (why: string): never => {
    throw new Error(`malformed IR stream: ${why}\n${JSON.stringify(parts)}`);
  };
  const last = parts[parts.length - 1];
  if (last?.type !== 'finish' && last?.type !== 'error') fail('does not end with finish or error');
  if (last?.type === 'error' && parts.length === 1) return;
  if (parts[0]?.type !== 'response-start') fail('does not start with response-start');
  let open: number | undefined;
  let next = 0;
  for (const part of parts.slice(1, -1)) {
    const index = 'index' in part ? part.index : undefined;
    if (part.type.endsWith('-start')) {
      if (open !== undefined) fail(`block ${String(index)} starts while ${open} is open`);
      if (index !== next++) fail(`block ${String(index)} out of order`);
      open = index;
    } else if (part.type.endsWith('-end')) {
      if (index !== open) fail(`end of ${String(index)} while ${String(open)} is open`);
      open = undefined;
    } else if (part.type.endsWith('-delta') && index !== open) {
      fail(`delta of ${String(index)} while ${String(open)} is open`);
    }
  }
  if (last?.type === 'finish' && open !== undefined) fail(`block ${open} still open at finish`);
}

/** The concatenated text of one kind of delta. */
export function deltaText(parts: readonly IrStreamPart[], type: 'text-delta' | 'reasoning-delta'): string {
  return parts.map((part) => (part.type === type ? part.text : '')).join('');
}

/** The tool calls of a stream, their JSON deltas joined and parsed. */
export function toolCallsOf(parts: readonly IrStreamPart[]): { id: string; name: string; input: unknown }[] {
  const calls: { id: string; name: string; json: string; index: number }[] = [];
  for (const part of parts) {
    if (part.type === 'tool-input-start') calls.push({ id: part.id, name: part.name, json: '', index: part.index });
    if (part.type === 'tool-input-delta') {
      const call = calls.find((candidate) => candidate.index === part.index);
      if (call) call.json += part.json;
    }
  }
  return calls.map(({ id, name, json }) => ({ id, name, input: JSON.parse(json) as unknown }));
}

/** The stream's `finish` part (throws when it ended otherwise). */
export function finishOf(parts: readonly IrStreamPart[]): Extract<IrStreamPart, { type: 'finish' }> {
  const last = parts[parts.length - 1];
  if (last?.type !== 'finish') throw new Error(`stream ended with ${JSON.stringify(last)}`);
  return last;
}
