import type { IrPart } from '../../ir/part.js';
import { geminiCallIdOf } from './map-call-ids.js';
import { encodeMediaPart } from './map-media.js';
import { encodeGeminiClientSignature } from './map-signature.js';
import { GEMINI_FORMAT } from './wire.js';

/** A Gemini `Part` as sent to clients. */
export type GeminiClientPart = Record<string, unknown>;

/**
 * One IR answer part → the parts a Gemini client gets, appended to `out` (the answer's parts so
 * far, so a signature can join the text part before it):
 *
 * | IR                                  | Gemini part                                                   |
 * |-------------------------------------|---------------------------------------------------------------|
 * | text                                | `{text}` (empty text left out)                                |
 * | reasoning with text                 | `{text, thought: true, thoughtSignature?}`                    |
 * | reasoning without text, signed      | the signature on the text part just before, else `{text: "", thoughtSignature}` |
 * | tool-use                            | `{functionCall: {id?, name, args}, thoughtSignature?}`; `id` only for ids from the Gemini wire (`geminiCallIdOf`), as Gemini answers |
 * | image / document                    | `inlineData` / `fileData`                                     |
 * | opaque part of format `gemini`      | verbatim                                                      |
 * | redacted reasoning, other opaque parts, tool results | left out (nothing a Gemini client can read)   |
 *
 * Signatures are written by `encodeGeminiClientSignature` (other providers' tagged).
 * Source: Gemini API reference, "Generating content" (`Part`); "Thought signatures" guide.
 */
export function appendClientPart(part: IrPart, out: GeminiClientPart[]): void {
  switch (part.type) {
    case 'text':
      if (part.text !== '') out.push({ text: part.text });
      return;
    case 'reasoning': {
      const signature =
        part.signature === undefined ? undefined : encodeGeminiClientSignature(part.signature);
      if (part.text !== '') {
        out.push({ text: part.text, thought: true, ...(signature ? { thoughtSignature: signature } : {}) });
      } else if (signature) appendSignature(signature, out);
      return;
    }
    case 'tool-use': {
      const id = geminiCallIdOf(part.id);
      out.push({
        functionCall: { ...(id === undefined ? {} : { id }), name: part.name, args: toArgs(part.input) },
        ...(part.signature === undefined
          ? {}
          : { thoughtSignature: encodeGeminiClientSignature(part.signature) }),
      });
      return;
    }
    case 'image':
    case 'document': {
      const encoded = encodeMediaPart(part, {});
      if (encoded !== undefined) out.push(encoded);
      return;
    }
    case 'opaque':
      if (part.format === GEMINI_FORMAT) out.push({ ...part.value });
      return;
    case 'redacted-reasoning':
    case 'tool-result':
      return;
    default: {
      const unknown: never = part;
      throw new Error(`Unknown part ${JSON.stringify(unknown)}`);
    }
  }
}

/** A signature for the text before it (on that part when it has none), else its own empty part. */
export function appendSignature(signature: string, out: GeminiClientPart[]): void {
  const previous = out[out.length - 1];
  if (
    previous !== undefined &&
    typeof previous.text === 'string' &&
    previous.thought === undefined &&
    previous.thoughtSignature === undefined
  ) {
    previous.thoughtSignature = signature;
  } else out.push({ text: '', thoughtSignature: signature });
}

/** Function call arguments: an object as is, anything else wrapped as `{value}` (`args` is a JSON object). */
export function toArgs(input: unknown): unknown {
  return typeof input === 'object' && input !== null && !Array.isArray(input)
    ? input
    : { value: input ?? null };
}
