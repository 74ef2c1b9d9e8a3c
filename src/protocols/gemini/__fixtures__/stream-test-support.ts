import { readFileSync } from 'node:fs';
import type { IrStreamPart } from '../../../ir/stream-part.js';
import type { IrWarning } from '../../../ir/warning.js';
import type { SseEvent } from '../../../upstream/sse-decode.js';
import type { UpstreamExchange } from '../../protocol.js';
import { decodeGeminiStream } from '../decode-stream.js';

/** Test support for the Gemini stream tests (not used by the gateway). */

/** The exchange of a request to Gemini that renamed nothing. */
export const GEMINI_EXCHANGE: UpstreamExchange = { toolNames: new Map(), providerId: 'gemini', model: 'gemini-2.5-flash' };

/** A fixture's chunks (one JSON per line; `#` lines are comments) as SSE events. */
export function readGeminiChunks(name: string): SseEvent[] {
  const text = readFileSync(new URL(name, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((data) => ({ event: undefined, data }));
}

/** Decodes events; checks the parts are a well-formed IR stream (throws if not). */
export async function decodeGeminiEvents(
  events: readonly SseEvent[],
  exchange: UpstreamExchange = GEMINI_EXCHANGE,
): Promise<{ parts: IrStreamPart[]; warnings: IrWarning[] }> {
  const warnings: IrWarning[] = [];
  async function* source(): AsyncGenerator<SseEvent> {
    yield* events;
  }
  const parts: IrStreamPart[] = [];
  for await (const part of decodeGeminiStream(source(), exchange, { onWarning: (warning) => warnings.push(warning) })) {
    parts.push(part);
  }
  assertWellFormed(parts);
  return { parts, warnings };
}

/** IR stream parts as an async iterable. */
export async function* streamOf(parts: readonly IrStreamPart[]): AsyncGenerator<IrStreamPart> {
  yield* parts;
}

/**
 * response-start first; blocks start → deltas → end, numbered in order, never interleaved (whole
 * blocks — opaque, redacted — take their number too); finish or error last. Throws if not.
 */
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
    if (part.type === 'opaque-block' || part.type === 'redacted-reasoning') {
      if (open !== undefined) fail(`whole block ${String(index)} while ${open} is open`);
      if (index !== next++) fail(`block ${String(index)} out of order`);
    } else if (part.type.endsWith('-start')) {
      if (open !== undefined) fail(`block ${String(index)} starts while ${open} is open`);
      if (index !== next++) fail(`block ${String(index)} out of order`);
      open = index;
    } else if (part.type.endsWith('-end')) {
      if (index !== open) fail(`end of ${String(index)} while ${String(open)} is open`);
      open = undefined;
    } else if ((part.type.endsWith('-delta') || part.type === 'reasoning-signature') && index !== open) {
      fail(`${part.type} of ${String(index)} while ${String(open)} is open`);
    }
  }
  if (last?.type === 'finish' && open !== undefined) fail(`block ${open} still open at finish`);
}
