import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { parseToolArguments } from '../openai-chat/parse-tool-arguments.js';
import type { ClientExchange } from '../protocol.js';
import { encodePartsWith, type IrStreamEncoder } from '../stream-codec.js';
import type { GeminiClientPart } from './encode-client-part.js';
import { encodeGeminiError } from './encode-error.js';
import { geminiCallIdOf } from './map-call-ids.js';
import { encodeGeminiFinishReason } from './map-finish-reason.js';
import { encodeGeminiClientSignature } from './map-signature.js';
import { encodeGeminiUsage } from './map-usage.js';
import { GEMINI_FORMAT } from './wire.js';

/** What a keep-alive becomes with SSE framing: a comment, which SSE readers (js-genai's too) skip. */
export const GEMINI_KEEP_ALIVE_EVENT = ': keep-alive\n\n';
/** Separator of the elements of a `json-array` stream (what the Gemini API writes between chunks). */
export const JSON_ARRAY_SEPARATOR = ',\r\n';

/**
 * IR stream parts → Gemini `streamGenerateContent` chunks for the client, each chunk one
 * `GenerateContentResponse` (`candidates: [{content: {role: "model", parts}, index: 0}]`,
 * `modelVersion`, `responseId`) carrying the new parts:
 *
 * | IR part               | chunk                                                              |
 * |-----------------------|--------------------------------------------------------------------|
 * | `text-delta`          | `{text}`                                                           |
 * | `reasoning-delta`     | `{text, thought: true}`                                            |
 * | `reasoning-signature` | `{text: "", thought: true, thoughtSignature}` after thought text; `{text: "", thoughtSignature}` for a block without text (a signature that rode on text) |
 * | `tool-input-*`        | one `{functionCall: {id, name, args}, thoughtSignature?}` when the call is complete (Gemini streams whole calls; arguments repaired if need be) |
 * | `opaque-block` of format `gemini` | its part, verbatim                                     |
 * | `finish`              | a last chunk with `finishReason` (`map-finish-reason.ts`), `usageMetadata` (`map-usage.ts`) and no new parts |
 * | `error`               | a last chunk `{"error": {code, message, status}}` (Google's envelope; js-genai raises it as an `ApiError`) |
 * | `keep-alive`          | an SSE comment (nothing with `json-array` framing)                 |
 * | `response-start`, `*-start`/`*-end`, `usage`, redacted reasoning, other opaque blocks | nothing |
 *
 * Framing (`client.streamFraming`): `sse` (default) writes `data: <chunk>\n\n` per chunk;
 * `json-array` writes `[`, the chunks separated by `,\r\n`, and `]` at the end, element by element.
 * A stream that ends without `finish` or `error` ends with an error chunk.
 * Signatures are written by `encodeGeminiClientSignature`.
 * Source: Gemini API reference, "Generating content" (`models.streamGenerateContent`, `alt=sse`).
 */
export function encodeGeminiStream(
  parts: AsyncIterable<IrStreamPart>,
  client: ClientExchange,
): AsyncGenerator<string> {
  return encodePartsWith(createGeminiStreamEncoder(client), parts);
}

/**
 * The synchronous core of `encodeGeminiStream` (same text and framing, part by part): one client
 * stream's chunk encoder. `end()` gives the error chunk (and the closing `]` of a `json-array`
 * stream) of a stream that ran out before `finish`.
 * @param client the client's request facts (`streamFraming`, the model name until `response-start`)
 */
export function createGeminiStreamEncoder(client: ClientExchange): IrStreamEncoder {
  return new GeminiChunkEncoder(client);
}

interface PendingCall {
  readonly id: string;
  readonly name: string;
  readonly signature: string | undefined;
  json: string;
}

class GeminiChunkEncoder implements IrStreamEncoder {
  private readonly framing: 'sse' | 'json-array';
  private model: string;
  private responseId = '';
  private elements = 0;
  private readonly calls = new Map<number, PendingCall>();
  private readonly reasoningWithText = new Set<number>();
  ended = false;

  constructor(client: ClientExchange) {
    this.framing = client.streamFraming ?? 'sse';
    this.model = client.requestedModel;
  }

  push(part: IrStreamPart): string {
    if (this.ended) return '';
    switch (part.type) {
      case 'response-start':
        this.responseId = part.id;
        this.model = part.model;
        return '';
      case 'text-delta':
        return part.text === '' ? '' : this.content([{ text: part.text }]);
      case 'reasoning-delta':
        if (part.text === '') return '';
        this.reasoningWithText.add(part.index);
        return this.content([{ text: part.text, thought: true }]);
      case 'reasoning-signature': {
        const signature = encodeGeminiClientSignature(part.signature);
        if (signature === '') return '';
        const thought = this.reasoningWithText.has(part.index) ? { thought: true } : {};
        return this.content([{ text: '', ...thought, thoughtSignature: signature }]);
      }
      case 'tool-input-start':
        this.calls.set(part.index, {
          id: part.id,
          name: part.name,
          signature: part.signature === undefined ? undefined : encodeGeminiClientSignature(part.signature),
          json: '',
        });
        return '';
      case 'tool-input-delta': {
        const call = this.calls.get(part.index);
        if (call !== undefined) call.json += part.json;
        return '';
      }
      case 'tool-input-end': {
        const call = this.calls.get(part.index);
        if (call === undefined) return '';
        this.calls.delete(part.index);
        const parsed = parseToolArguments(call.json);
        const args = parsed.kind === 'invalid' ? {} : parsed.input;
        const id = geminiCallIdOf(call.id);
        return this.content([
          {
            functionCall: { ...(id === undefined ? {} : { id }), name: call.name, args },
            ...(call.signature ? { thoughtSignature: call.signature } : {}),
          },
        ]);
      }
      case 'opaque-block':
        return part.format === GEMINI_FORMAT ? this.content([{ ...part.value }]) : '';
      case 'finish':
        this.ended = true;
        return (
          this.element({
            candidates: [
              {
                content: { role: 'model', parts: [] },
                finishReason: encodeGeminiFinishReason(part.finishReason),
                index: 0,
              },
            ],
            usageMetadata: encodeGeminiUsage(part.usage),
            modelVersion: this.model,
            responseId: this.responseId,
          }) + this.close()
        );
      case 'error':
        this.ended = true;
        return this.element(encodeGeminiError(part.error)) + this.close();
      case 'keep-alive':
        return this.framing === 'sse' ? GEMINI_KEEP_ALIVE_EVENT : '';
      case 'usage':
      case 'text-start':
      case 'text-end':
      case 'reasoning-start':
      case 'reasoning-end':
      case 'redacted-reasoning':
        return '';
      default: {
        const unknown: never = part;
        throw new Error(`Unknown stream part ${JSON.stringify(unknown)}`);
      }
    }
  }

  end(): string {
    return this.push({
      type: 'error',
      error: new GatewayError('upstream_error', 502, 'The upstream stream ended before it finished.'),
    });
  }

  private content(parts: GeminiClientPart[]): string {
    return this.element({
      candidates: [{ content: { role: 'model', parts }, index: 0 }],
      modelVersion: this.model,
      responseId: this.responseId,
    });
  }

  /** One chunk, framed. */
  private element(chunk: unknown): string {
    const json = JSON.stringify(chunk);
    if (this.framing === 'sse') return `data: ${json}\n\n`;
    const prefix = this.elements === 0 ? '[' : JSON_ARRAY_SEPARATOR;
    this.elements += 1;
    return prefix + json;
  }

  /** What ends the stream: `]` for a JSON array (`[]` when nothing was written). */
  private close(): string {
    if (this.framing === 'sse') return '';
    return this.elements === 0 ? '[]' : ']';
  }
}
