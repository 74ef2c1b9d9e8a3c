import type { IrPart, IrSignature } from '../../ir/part.js';
import { decodeFileData, decodeInlineData, type GeminiFileInfo } from './map-media.js';
import { GEMINI_SKIP_SIGNATURE } from './map-signature.js';
import { GEMINI_FORMAT } from './wire.js';

/** A Gemini `Part` as both clients and upstreams send it (fields checked where they are read). */
export interface GeminiPartLike {
  readonly text?: string | null | undefined;
  readonly thought?: boolean | null | undefined;
  readonly thoughtSignature?: string | null | undefined;
  readonly functionCall?:
    | {
        readonly name?: string | null | undefined;
        readonly args?: Readonly<Record<string, unknown>> | null | undefined;
        readonly id?: string | null | undefined;
      }
    | null
    | undefined;
  readonly [key: string]: unknown;
}

/** What differs between decoding a client's request and an upstream's answer. */
export interface PartDecoder {
  /** The IR signature of a wire `thoughtSignature`. */
  signature(value: string): IrSignature;
  /** The IR id of a function call (`id` as sent, or none). */
  callId(id: string | undefined, name: string): string;
  /** The client's name of a function the wire names (shortened names mapped back). */
  toolName(name: string): string;
  /** Collects `fileData` MIME types (see `decodeFileData`). */
  readonly files: Record<string, GeminiFileInfo>;
  /** Receives (code, message, kind) of what was dropped. */
  warn(code: string, message: string, kind?: string): void;
}

const TEXT_KEYS: ReadonlySet<string> = new Set(['text', 'thought', 'thoughtSignature']);
const INLINE_KEYS: ReadonlySet<string> = new Set(['inlineData', 'thoughtSignature']);
const FILE_KEYS: ReadonlySet<string> = new Set(['fileData', 'thoughtSignature']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The part's fields that are set (`null` counts as absent, as upstreams send it). */
function presentKeys(part: GeminiPartLike): string[] {
  return Object.keys(part).filter((key) => part[key] !== undefined && part[key] !== null);
}

function only(keys: readonly string[], allowed: ReadonlySet<string>): boolean {
  return keys.every((key) => allowed.has(key));
}

/**
 * One Gemini part (of a `model` turn, an upstream answer, or a `user` turn's text and media) →
 * IR parts:
 *
 * | part                                             | IR                                             |
 * |--------------------------------------------------|------------------------------------------------|
 * | `{text, thought: true, thoughtSignature?}`       | reasoning (signature attached)                 |
 * | `{text, thoughtSignature?}`                      | text (when non-empty); a signature rides on an empty reasoning part right after it (the IR's text has no signature; encoders put it back on the text) |
 * | `{functionCall: {name, args, id?}, thoughtSignature?}` | tool-use (`args` absent → `{}`; signature attached; extra fields dropped with a warning) |
 * | `{inlineData}` image / PDF / text                | image / document, base64 (+ signature carrier) |
 * | `{fileData}` image / PDF / text                  | image / document, URL (+ signature carrier)    |
 * | anything else (audio, video, `executableCode`, `codeExecutionResult`, parts with fields the IR cannot hold) | opaque part of format `gemini`, verbatim |
 *
 * `functionResponse` parts are the request decoder's (they need the call they answer). The
 * placeholder signature `GEMINI_SKIP_SIGNATURE` carries nothing and is not kept.
 * Source: Gemini API reference, "Generating content" (`Part`); "Thought signatures" guide
 * (signatures on text and function call parts).
 */
export function decodeGeminiPart(part: GeminiPartLike, decoder: PartDecoder): IrPart[] {
  const keys = presentKeys(part);
  const signature =
    typeof part.thoughtSignature === 'string' &&
    part.thoughtSignature !== '' &&
    part.thoughtSignature !== GEMINI_SKIP_SIGNATURE
      ? decoder.signature(part.thoughtSignature)
      : undefined;
  const carrier: IrPart[] = signature === undefined ? [] : [{ type: 'reasoning', text: '', signature }];
  const call = part.functionCall;
  if (isRecord(call)) {
    const name = typeof call.name === 'string' ? call.name : '';
    if (keys.some((key) => key !== 'functionCall' && key !== 'thoughtSignature')) {
      decoder.warn(
        'dropped-field',
        'Fields beside functionCall on a part were dropped.',
        'function-call-fields',
      );
    }
    if (name === '') {
      decoder.warn('malformed-tool-call', 'A function call without a name was ignored.', 'nameless-call');
      return [];
    }
    return [
      {
        type: 'tool-use',
        id: decoder.callId(typeof call.id === 'string' && call.id !== '' ? call.id : undefined, name),
        name: decoder.toolName(name),
        input: isRecord(call.args) ? call.args : {},
        ...(signature === undefined ? {} : { signature }),
      },
    ];
  }
  if (typeof part.text === 'string' && only(keys, TEXT_KEYS)) {
    if (part.thought === true) {
      return [{ type: 'reasoning', text: part.text, ...(signature === undefined ? {} : { signature }) }];
    }
    return [...(part.text === '' ? [] : [{ type: 'text' as const, text: part.text }]), ...carrier];
  }
  const inline = part.inlineData;
  if (isRecord(inline) && only(keys, INLINE_KEYS)) {
    const { mimeType, data } = inline;
    const media =
      typeof mimeType === 'string' && typeof data === 'string'
        ? decodeInlineData({ mimeType, data })
        : undefined;
    if (media !== undefined) return [media, ...carrier];
  }
  const file = part.fileData;
  if (isRecord(file) && only(keys, FILE_KEYS) && typeof file.fileUri === 'string') {
    const media = decodeFileData(
      {
        fileUri: file.fileUri,
        mimeType: typeof file.mimeType === 'string' ? file.mimeType : undefined,
        displayName: file.displayName,
      },
      decoder.files,
    );
    if (media !== undefined) return [media, ...carrier];
  }
  return [{ type: 'opaque', format: GEMINI_FORMAT, value: withoutNulls(part) }];
}

function withoutNulls(part: GeminiPartLike): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(part).filter(([, value]) => value !== undefined && value !== null),
  );
}
