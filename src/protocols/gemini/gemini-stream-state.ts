import { randomUUID } from 'node:crypto';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IrSignature } from '../../ir/part.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { EMPTY_IR_USAGE, type IrUsage } from '../../ir/usage.js';
import type { IrWarning } from '../../ir/warning.js';
import type { SseEvent } from '../../upstream/sse-decode.js';
import { decodeMidStreamError } from '../openai-chat/decode-upstream-error.js';
import { StreamWarner } from '../openai-chat/stream-warner.js';
import type { UpstreamExchange } from '../protocol.js';
import type { IrStreamDecoder } from '../stream-codec.js';
import { decodeGeminiPart, type GeminiPartLike, type PartDecoder } from './decode-part.js';
import { upstreamPartDecoder } from './decode-response.js';
import { decodeGeminiFinishReason } from './map-finish-reason.js';
import { decodeGeminiUsage } from './map-usage.js';
import {
  GEMINI_FORMAT,
  type GeminiGenerateContentResponse,
  geminiGenerateContentResponseSchema,
} from './wire.js';

type OpenBlock = { type: 'text' | 'reasoning'; index: number; signature: IrSignature | undefined };

/**
 * The state machine of one upstream `streamGenerateContent?alt=sse` stream → IR stream parts.
 * Each SSE `data:` is a whole `GenerateContentResponse` chunk; there is no end marker.
 *
 * States: before the first chunk → streaming (at most one text or reasoning block open) →
 * finished (`finishReason` seen; usage may still change) → ended (end of events, or an error).
 *
 * - thought parts (`thought: true`) → a reasoning block, text parts → a text block; a block ends
 *   when another kind of content starts (reasoning ends before text starts).
 * - a `thoughtSignature` on a thought part → the reasoning block's `reasoning-signature`, sent
 *   just before its end; on a text part (often an empty one closing the stream) → an empty
 *   reasoning block carrying it right after the text block (the IR's text has no signature);
 *   with no block open → such a block on its own.
 * - a `functionCall` part (Gemini streams whole calls) → `tool-input-start` (with its
 *   signature), one `tool-input-delta` of the `args` JSON, `tool-input-end`.
 * - other parts (images, `executableCode`, …) → `opaque-block` of format `gemini`.
 * - `usageMetadata` (running totals on every chunk, or on the last) → `usage` parts when it
 *   changes; `finish` comes at the end of the events with the last totals and the last
 *   `finishReason` (`map-finish-reason.ts`); a blocked prompt (`promptFeedback.blockReason`,
 *   no candidates) finishes with `refusal`.
 * - a chunk `{"error": {code, message, status}}` → `error` (status `error.code`, else 502).
 * - events that end before any `finishReason` → `error` (the stream was cut).
 * Source: Gemini API reference, "Generating content" (`models.streamGenerateContent`,
 * `GenerateContentResponse`); "Thought signatures" guide (streaming: signatures may arrive in a
 * final chunk with an empty text part).
 */
export class GeminiStreamState implements IrStreamDecoder {
  private readonly exchange: UpstreamExchange;
  private readonly warner: StreamWarner;
  private decoder: PartDecoder | undefined;
  private started = false;
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  private finishReason: string | undefined;
  private sawFinish = false;
  private blocked = false;
  private toolCalls = 0;
  private usage: IrUsage | undefined;
  private lastUsageKey = '';
  private ended = false;

  constructor(
    exchange: UpstreamExchange,
    options: { onWarning?: ((warning: IrWarning) => void) | undefined } = {},
  ) {
    this.exchange = exchange;
    this.warner = new StreamWarner(options.onWarning);
  }

  /** Whether the stream is over (stop reading events). */
  get done(): boolean {
    return this.ended;
  }

  /** Feeds one SSE event; returns the parts it completes. */
  push(event: SseEvent): IrStreamPart[] {
    if (this.ended) return [];
    const data = event.data.trim();
    if (data === '') return [];
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      if (event.event === 'error') return this.fail(data);
      this.warner.warn('malformed-chunk', 'Stream events that were not JSON were skipped.');
      return [];
    }
    if (event.event === 'error' || (typeof json === 'object' && json !== null && 'error' in json)) {
      return this.fail(data);
    }
    const parsed = geminiGenerateContentResponseSchema.safeParse(json);
    if (!parsed.success) {
      this.warner.warn('malformed-chunk', 'Stream chunks that were not Gemini answers were skipped.');
      return [];
    }
    return this.chunk(parsed.data);
  }

  /** The events ended: the closing parts. */
  end(): IrStreamPart[] {
    if (this.ended) return [];
    this.ended = true;
    if (!this.started) {
      return [this.errorPart(`Upstream '${this.exchange.providerId}' ended the stream without answering.`)];
    }
    const out: IrStreamPart[] = [];
    this.close(out);
    if (!this.sawFinish) {
      out.push(this.errorPart(`Upstream '${this.exchange.providerId}' ended the stream before it finished.`));
      return out;
    }
    out.push({
      type: 'finish',
      finishReason: this.blocked
        ? 'refusal'
        : decodeGeminiFinishReason(this.finishReason, this.toolCalls > 0),
      usage: this.usage ?? EMPTY_IR_USAGE,
    });
    return out;
  }

  private chunk(chunk: GeminiGenerateContentResponse): IrStreamPart[] {
    const out: IrStreamPart[] = [];
    if (this.decoder === undefined) {
      const id = chunk.responseId ?? randomUUID();
      this.decoder = upstreamPartDecoder(this.exchange, id, (code, message, kind) =>
        this.warner.warn(code, message, kind),
      );
      this.started = true;
      out.push({ type: 'response-start', id, model: chunk.modelVersion ?? this.exchange.model });
    }
    const candidates = chunk.candidates ?? [];
    if (candidates.length > 1)
      this.warner.warn('dropped-block', 'Candidates after the first were ignored.', 'candidates');
    const candidate = candidates[0];
    for (const part of candidate?.content?.parts ?? []) this.part(part, this.decoder, out);
    if (candidate?.finishReason != null) {
      this.finishReason = candidate.finishReason;
      this.sawFinish = true;
      this.close(out);
    } else if (candidate === undefined && chunk.promptFeedback?.blockReason != null) {
      this.blocked = true;
      this.sawFinish = true;
    }
    if (chunk.usageMetadata != null) {
      const usage = decodeGeminiUsage(chunk.usageMetadata);
      const key = JSON.stringify(usage);
      if (key !== this.lastUsageKey) {
        this.lastUsageKey = key;
        this.usage = usage;
        out.push({ type: 'usage', usage });
      }
    }
    return out;
  }

  private part(part: GeminiPartLike, decoder: PartDecoder, out: IrStreamPart[]): void {
    for (const decoded of decodeGeminiPart(part, decoder)) {
      switch (decoded.type) {
        case 'text':
          this.append(out, 'text', decoded.text);
          break;
        case 'reasoning':
          if (decoded.text !== '') this.append(out, 'reasoning', decoded.text);
          if (decoded.signature !== undefined) this.sign(out, decoded.signature);
          break;
        case 'tool-use': {
          this.close(out);
          const index = this.nextIndex++;
          this.toolCalls += 1;
          out.push(
            {
              type: 'tool-input-start',
              index,
              id: decoded.id,
              name: decoded.name,
              ...(decoded.signature === undefined ? {} : { signature: decoded.signature }),
            },
            { type: 'tool-input-delta', index, json: JSON.stringify(decoded.input) },
            { type: 'tool-input-end', index },
          );
          break;
        }
        case 'image':
        case 'document':
        case 'opaque':
          // The stream has no media parts: the wire part, once (a signature rides in it).
          this.close(out);
          out.push({ type: 'opaque-block', index: this.nextIndex++, format: GEMINI_FORMAT, value: part });
          return;
        case 'redacted-reasoning':
        case 'tool-result':
          break; // never decoded from an answer's part
        default: {
          const unknown: never = decoded;
          throw new Error(`Unknown part ${JSON.stringify(unknown)}`);
        }
      }
    }
  }

  private append(out: IrStreamPart[], type: 'text' | 'reasoning', text: string): void {
    if (this.open?.type !== type) {
      this.close(out);
      this.open = { type, index: this.nextIndex++, signature: undefined };
      out.push({ type: type === 'text' ? 'text-start' : 'reasoning-start', index: this.open.index });
    }
    const index = this.open.index;
    out.push(
      type === 'text' ? { type: 'text-delta', index, text } : { type: 'reasoning-delta', index, text },
    );
  }

  /** A signature for the open block (sent when it closes), or an empty reasoning block of its own. */
  private sign(out: IrStreamPart[], signature: IrSignature): void {
    if (this.open !== undefined) {
      this.open.signature = signature;
      return;
    }
    const index = this.nextIndex++;
    out.push(
      { type: 'reasoning-start', index },
      { type: 'reasoning-signature', index, signature },
      { type: 'reasoning-end', index },
    );
  }

  private close(out: IrStreamPart[]): void {
    const open = this.open;
    if (open === undefined) return;
    this.open = undefined;
    if (open.type === 'reasoning') {
      if (open.signature !== undefined) {
        out.push({ type: 'reasoning-signature', index: open.index, signature: open.signature });
      }
      out.push({ type: 'reasoning-end', index: open.index });
      return;
    }
    out.push({ type: 'text-end', index: open.index });
    if (open.signature !== undefined) this.sign(out, open.signature);
  }

  private fail(data: string): IrStreamPart[] {
    this.ended = true;
    return [
      { type: 'error', error: decodeMidStreamError(this.exchange.providerId, data, { arrayEnvelope: true }) },
    ];
  }

  private errorPart(message: string): IrStreamPart {
    return { type: 'error', error: new GatewayError('upstream_error', 502, message) };
  }
}
