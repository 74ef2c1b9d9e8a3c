import { readFileSync } from 'node:fs';
import type { IrStreamPart } from '../../../ir/stream-part.js';
import type { IrWarning } from '../../../ir/warning.js';
import type { SseEvent } from '../../../upstream/sse-decode.js';
import { assertWellFormed } from '../../openai-chat/__fixtures__/stream-test-support.js';
import type { UpstreamExchange } from '../../protocol.js';
import { decodeOpenAIResponsesStream } from '../decode-stream.js';

/** Test support for the stream tests (not used by the gateway). */

/** The exchange of a request to OpenAI that renamed nothing. */
export const EXCHANGE: UpstreamExchange = { toolNames: new Map(), providerId: 'openai', model: 'gpt-5' };

/**
 * A fixture's events (one JSON per line; `#` lines are comments) as the SSE events OpenAI sends:
 * `event: <type>` and `data: <json>`.
 */
export function readEventFixture(name: string): SseEvent[] {
  const text = readFileSync(new URL(name, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((data) => ({ event: (JSON.parse(data) as { type: string }).type, data }));
}

/** One SSE event of `type` with `fields`. */
export function sseEvent(type: string, fields: Record<string, unknown> = {}): SseEvent {
  return { event: type, data: JSON.stringify({ type, ...fields }) };
}

/** Async iteration over a list. */
export async function* iterate<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Decodes events; checks the parts are a well-formed IR stream (throws if not). */
export async function decodeEvents(
  events: readonly SseEvent[],
  exchange: UpstreamExchange = EXCHANGE,
): Promise<{ parts: IrStreamPart[]; warnings: IrWarning[] }> {
  const warnings: IrWarning[] = [];
  const parts = await collect(
    decodeOpenAIResponsesStream(iterate(events), exchange, { onWarning: (warning) => warnings.push(warning) }),
  );
  assertWellFormed(parts);
  return { parts, warnings };
}

/** Splits SSE text into `{event, data}` pairs, checking the framing `event: <type>\ndata: <json>\n\n`. */
export function parseSseText(text: string): { event: string; data: Record<string, unknown> }[] {
  const blocks = text.split('\n\n').filter((block) => block !== '' && !block.startsWith(':'));
  return blocks.map((block) => {
    const match = /^event: ([^\n]+)\ndata: (.+)$/s.exec(block);
    if (match === null) throw new Error(`not an SSE event: ${block}`);
    return { event: match[1] ?? '', data: JSON.parse(match[2] ?? '') as Record<string, unknown> };
  });
}
