import type { IrMessage } from '../../ir/message.js';
import type { IrPart, IrSignature, IrToolResultPart } from '../../ir/part.js';
import type { WarningCollector } from '../openai-chat/collect-warnings.js';
import type { ToolNameShortener } from '../openai-chat/shorten-tool-names.js';
import type { UpstreamTarget } from '../protocol.js';
import { geminiCallIdOf } from './map-call-ids.js';
import { encodeMediaPart } from './map-media.js';
import { GEMINI_SKIP_SIGNATURE } from './map-signature.js';
import { GEMINI_FORMAT, type GeminiLayout } from './wire.js';

/** Prefix of the text a mid-conversation system message becomes (Gemini `contents` have no system role). */
export const SYSTEM_TURN_PREFIX = 'System: ';
/** Function name sent for a tool result whose call is not in the request (the API requires a name). */
export const UNKNOWN_FUNCTION_NAME = 'unknown_function';

/** What the contents encoder needs from the request encoder. */
export interface EncodeContentsContext {
  readonly target: UpstreamTarget;
  readonly names: ToolNameShortener;
  readonly warnings: WarningCollector;
  readonly layout: GeminiLayout;
}

type WirePart = Record<string, unknown>;

/**
 * IR messages → Gemini `contents`.
 *
 * | IR                         | Gemini                                                                   |
 * |----------------------------|--------------------------------------------------------------------------|
 * | user / assistant message   | `{role: "user" / "model", parts}`                                        |
 * | system message (mid-way)   | a `user` turn in place, its text prefixed `System: ` (Gemini clients never produce one) |
 * | text                       | `{text}` (empty text left out; `cacheControl` dropped + warning)         |
 * | image / document           | `inlineData` / `fileData` (`encodeMediaPart`)                            |
 * | reasoning with text        | `{text, thought: true, thoughtSignature?}`                               |
 * | reasoning without text, signed | its signature on the text part before it, else `{text: "", thoughtSignature}` |
 * | tool-use                   | `{functionCall: {id?, name, args}, thoughtSignature?}`; `id` only for Gemini-issued ids (`geminiCallIdOf`) |
 * | tool-result                | `{functionResponse: {id?, name, response}}`: `name` of the call it answers, `response` `{result: text}` (`{error: text}` for errors), or the client's own fields (layout); images / documents follow as parts |
 * | redacted reasoning         | dropped + warning                                                        |
 * | opaque part of format `gemini` | verbatim; other formats dropped + warning                            |
 *
 * Signatures (`thoughtSignature`) are sent only when their provider is the target's; others are
 * dropped with a warning. A model turn whose first function call then has no signature gets
 * `GEMINI_SKIP_SIGNATURE` on it (Gemini 3 refuses unsigned calls). Turns left without parts are dropped.
 * Source: Gemini API reference, "Generating content" (`Content`, `Part`); "Function calling" and
 * "Thought signatures" guides.
 */
export function encodeGeminiContents(
  messages: readonly IrMessage[],
  context: EncodeContentsContext,
): Record<string, unknown>[] {
  const callNames = new Map<string, string>();
  for (const message of messages) {
    for (const part of message.content) if (part.type === 'tool-use') callNames.set(part.id, part.name);
  }
  const contents: Record<string, unknown>[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      const text = message.content
        .flatMap((part) => (part.type === 'text' && part.text !== '' ? [part.text] : []))
        .join('\n\n');
      if (text !== '') contents.push({ role: 'user', parts: [{ text: `${SYSTEM_TURN_PREFIX}${text}` }] });
      continue;
    }
    const parts: WirePart[] = [];
    for (const part of message.content) encodePart(part, parts, callNames, context);
    if (message.role === 'assistant') {
      const firstCall = parts.find((part) => part.functionCall !== undefined);
      if (firstCall !== undefined && firstCall.thoughtSignature === undefined) {
        firstCall.thoughtSignature = GEMINI_SKIP_SIGNATURE;
      }
    }
    if (parts.length > 0) contents.push({ role: message.role === 'assistant' ? 'model' : 'user', parts });
  }
  return contents;
}

function encodePart(
  part: IrPart,
  out: WirePart[],
  callNames: ReadonlyMap<string, string>,
  context: EncodeContentsContext,
): void {
  const { warnings } = context;
  switch (part.type) {
    case 'text':
      if (part.cacheControl !== undefined) {
        warnings.add(
          'dropped-field',
          'cache_control has no Gemini equivalent and was dropped.',
          'cache-control',
        );
      }
      if (part.text !== '') out.push({ text: part.text });
      return;
    case 'image':
    case 'document': {
      const encoded = encodeMediaPart(part, context.layout.files ?? {});
      if (encoded === undefined) {
        warnings.add(
          'dropped-block',
          'Files of other providers cannot be sent to Gemini and were dropped.',
          'file',
        );
      } else out.push(encoded);
      return;
    }
    case 'reasoning': {
      const signature = ownSignature(part.signature, context);
      if (part.text !== '') {
        out.push({
          text: part.text,
          thought: true,
          ...(signature === undefined ? {} : { thoughtSignature: signature }),
        });
        return;
      }
      if (signature === undefined) return;
      const previous = out[out.length - 1];
      if (previous !== undefined && typeof previous.text === 'string' && previous.thought === undefined) {
        if (previous.thoughtSignature === undefined) {
          previous.thoughtSignature = signature;
          return;
        }
      }
      out.push({ text: '', thoughtSignature: signature });
      return;
    }
    case 'redacted-reasoning':
      warnings.add(
        'dropped-block',
        'Redacted reasoning has no Gemini equivalent and was dropped.',
        'redacted',
      );
      return;
    case 'tool-use': {
      const signature = ownSignature(part.signature, context);
      const id = geminiCallIdOf(part.id);
      const args = typeof part.input === 'object' && part.input !== null && !Array.isArray(part.input);
      out.push({
        functionCall: {
          ...(id === undefined ? {} : { id }),
          name: context.names.toUpstream(part.name),
          args: args ? part.input : { value: part.input },
        },
        ...(signature === undefined ? {} : { thoughtSignature: signature }),
      });
      return;
    }
    case 'tool-result':
      out.push(...encodeToolResult(part, callNames, context));
      return;
    case 'opaque':
      if (part.format === GEMINI_FORMAT) out.push({ ...part.value });
      else {
        warnings.add(
          'dropped-block',
          `Blocks of format ${part.format} have no Gemini equivalent and were dropped.`,
          `opaque:${part.format}`,
        );
      }
      return;
    default: {
      const unknown: never = part;
      throw new Error(`Unknown part ${JSON.stringify(unknown)}`);
    }
  }
}

function encodeToolResult(
  part: IrToolResultPart,
  callNames: ReadonlyMap<string, string>,
  context: EncodeContentsContext,
): WirePart[] {
  const clientName = callNames.get(part.toolUseId);
  if (clientName === undefined) {
    context.warnings.add(
      'unmatched-tool-result',
      'A tool result whose call is not in the request was sent unnamed.',
    );
  }
  const id = geminiCallIdOf(part.toolUseId);
  const head = {
    ...(id === undefined ? {} : { id }),
    name: clientName === undefined ? UNKNOWN_FUNCTION_NAME : context.names.toUpstream(clientName),
  };
  const own = context.layout.functionResponses?.[part.toolUseId];
  if (own !== undefined) return [{ functionResponse: { ...head, ...own } }];
  const text = part.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n');
  const response = part.isError === true ? { error: text } : { result: text };
  const media: WirePart[] = [];
  for (const block of part.content) {
    if (block.type === 'text') continue;
    const encoded = encodeMediaPart(block, context.layout.files ?? {});
    if (encoded === undefined) {
      context.warnings.add(
        'dropped-block',
        'Files of other providers cannot be sent to Gemini and were dropped.',
        'file',
      );
    } else media.push(encoded);
  }
  return [{ functionResponse: { ...head, response } }, ...media];
}

/** The signature's value when the target made it; otherwise `undefined` (and a warning). */
function ownSignature(
  signature: IrSignature | undefined,
  context: EncodeContentsContext,
): string | undefined {
  if (signature === undefined || signature.value === '') return undefined;
  if (signature.provider === context.target.providerId) return signature.value;
  context.warnings.add(
    'dropped-signature',
    `Signatures made by other providers than '${context.target.providerId}' were not sent.`,
    'dropped-signature',
  );
  return undefined;
}
