import type {
  IrCacheControl,
  IrDocumentPart,
  IrImagePart,
  IrOpaquePart,
  IrPart,
  IrTextPart,
} from '../../ir/part.js';
import { toDataUrl } from '../openai-chat/map-media.js';
import type { ResponsesEncodeContext } from './encode-context.js';
import { TEXT_PART_SEPARATOR } from './encode-context.js';
import type { WireFields } from './wire.js';
import { OPENAI_RESPONSES_FORMAT } from './wire.js';

/** A content part as sent upstream. */
export type ResponsesContentBody = Record<string, unknown>;

/** File name sent with inline PDF data when the document has no title (OpenAI requires one). */
export const DEFAULT_PDF_FILENAME = 'document.pdf';

/**
 * An IR part of a user / system message or a tool result → a Responses input content part.
 *
 * | IR                                    | Responses                                          |
 * |---------------------------------------|----------------------------------------------------|
 * | text                                  | `input_text`                                       |
 * | image, base64 / url / file id         | `input_image` with `image_url` (`data:` URL / URL) / `file_id` |
 * | document, base64 (not text)           | `input_file` with `file_data` (`data:` URL) and `filename` (title, else `document.pdf`) |
 * | document, file id / url               | `input_file` with `file_id` / `file_url`           |
 * | document, text (or base64 `text/*`)   | `input_text` (title, blank line, body) + warning   |
 * | `cacheControl`                        | `prompt_cache_breakpoint: {mode: "explicit"}` for OpenAI, else dropped + warning |
 * | opaque `openai-responses` content part | verbatim                                          |
 * | opaque `tool_reference`               | `input_text` `Tool reference: <tool_name>` + warning |
 * | other opaque, reasoning, tool blocks  | dropped + warning                                  |
 *
 * The layout's extra fields of the part (`detail`, …) are put back.
 * Source: OpenAI API reference, "Create a model response" (`input` content types).
 * @returns the part, or `undefined` when it was dropped
 */
export function encodeInputPart(
  part: IrPart,
  context: ResponsesEncodeContext,
  extras?: WireFields,
): ResponsesContentBody | undefined {
  switch (part.type) {
    case 'text':
      return { type: 'input_text', text: part.text, ...extras, ...breakpoint(part.cacheControl, context) };
    case 'image':
      return encodeImage(part, context, extras);
    case 'document':
      return encodeDocument(part, context, extras);
    case 'opaque':
      return encodeOpaquePart(part, context);
    case 'reasoning':
    case 'redacted-reasoning':
    case 'tool-use':
    case 'tool-result':
      context.warnings.add(
        'dropped-block',
        'Reasoning and tool blocks out of place in a message were dropped.',
        'misplaced-block',
      );
      return undefined;
    default: {
      const unknown: never = part;
      throw new Error(`Unknown part ${JSON.stringify(unknown)}`);
    }
  }
}

/** An assistant text part → `output_text` (or `refusal` when the layout says it was one). */
export function encodeOutputText(
  part: IrTextPart,
  context: ResponsesEncodeContext,
  refusal: boolean,
  extras?: WireFields,
): ResponsesContentBody {
  if (part.cacheControl !== undefined) warnCacheControl(context);
  return refusal
    ? { type: 'refusal', refusal: part.text, ...extras }
    : { type: 'output_text', text: part.text, ...extras };
}

function encodeImage(
  part: IrImagePart,
  context: ResponsesEncodeContext,
  extras: WireFields | undefined,
): ResponsesContentBody {
  const cache = breakpoint(part.cacheControl, context);
  const source = part.source;
  switch (source.kind) {
    case 'base64':
      return {
        type: 'input_image',
        image_url: toDataUrl(source.mediaType, source.data),
        ...extras,
        ...cache,
      };
    case 'url':
      return { type: 'input_image', image_url: source.url, ...extras, ...cache };
    case 'file':
      return { type: 'input_image', file_id: source.fileId, ...extras, ...cache };
    case 'text':
      context.warnings.add('degraded-block', 'Images given as text have no Responses form and became text.');
      return { type: 'input_text', text: source.data };
    default: {
      const unknown: never = source;
      throw new Error(`Unknown media source ${JSON.stringify(unknown)}`);
    }
  }
}

function encodeDocument(
  part: IrDocumentPart,
  context: ResponsesEncodeContext,
  extras: WireFields | undefined,
): ResponsesContentBody {
  if (part.context !== undefined) {
    context.warnings.add(
      'dropped-field',
      'Document context has no Responses equivalent and was dropped.',
      'document-context',
    );
  }
  const cache = breakpoint(part.cacheControl, context);
  const title = part.title === undefined ? {} : { filename: part.title };
  const source = part.source;
  switch (source.kind) {
    case 'base64':
      if (source.mediaType.startsWith('text/')) {
        return documentText(part.title, Buffer.from(source.data, 'base64').toString('utf8'), context);
      }
      return {
        type: 'input_file',
        file_data: toDataUrl(source.mediaType, source.data),
        filename: part.title ?? DEFAULT_PDF_FILENAME,
        ...extras,
        ...cache,
      };
    case 'text':
      return documentText(part.title, source.data, context);
    case 'file':
      return { type: 'input_file', file_id: source.fileId, ...title, ...extras, ...cache };
    case 'url':
      return { type: 'input_file', file_url: source.url, ...title, ...extras, ...cache };
    default: {
      const unknown: never = source;
      throw new Error(`Unknown media source ${JSON.stringify(unknown)}`);
    }
  }
}

function documentText(
  title: string | undefined,
  body: string,
  context: ResponsesEncodeContext,
): ResponsesContentBody {
  context.warnings.add('degraded-block', 'Plain-text documents were sent as text.', 'document-text');
  return { type: 'input_text', text: title === undefined ? body : `${title}${TEXT_PART_SEPARATOR}${body}` };
}

/**
 * An opaque part inside a message: `openai-responses` content parts verbatim, Anthropic
 * `tool_reference` as text, anything else dropped (one warning per kind).
 */
function encodeOpaquePart(
  part: IrOpaquePart,
  context: ResponsesEncodeContext,
): ResponsesContentBody | undefined {
  if (part.format === OPENAI_RESPONSES_FORMAT) return { ...part.value };
  const type = typeof part.value.type === 'string' ? part.value.type : 'unknown';
  if (type === 'tool_reference') {
    context.warnings.add('degraded-block', 'tool_reference blocks were sent as text.', 'tool-reference');
    const name = typeof part.value.tool_name === 'string' ? part.value.tool_name : '';
    return { type: 'input_text', text: `Tool reference: ${name}` };
  }
  warnDroppedOpaque(part, context);
  return undefined;
}

/** Warns once per kind that an opaque block of another format was dropped. */
export function warnDroppedOpaque(part: IrOpaquePart, context: ResponsesEncodeContext): void {
  const type = typeof part.value.type === 'string' ? part.value.type : 'unknown';
  context.warnings.add(
    'dropped-block',
    `${part.format} '${type}' blocks have no OpenAI Responses equivalent and were dropped.`,
    `opaque:${part.format}:${type}`,
  );
}

function breakpoint(
  cacheControl: IrCacheControl | undefined,
  context: ResponsesEncodeContext,
): { prompt_cache_breakpoint?: { mode: 'explicit' } } {
  if (cacheControl === undefined) return {};
  if (context.isOpenAI) return { prompt_cache_breakpoint: { mode: 'explicit' } };
  warnCacheControl(context);
  return {};
}

/** Warns (once per request) that cache hints were dropped. */
export function warnCacheControl(context: ResponsesEncodeContext): void {
  context.warnings.add(
    'dropped-cache-control',
    'cache_control hints the Responses request has no place for were dropped (OpenAI caches prompts on its own).',
  );
}

/** Whether an opaque `openai-responses` value is a content part (`input_*`, `output_text`, `refusal`), not an item. */
export function isContentPartType(type: unknown): boolean {
  return (
    typeof type === 'string' && (type.startsWith('input_') || type === 'output_text' || type === 'refusal')
  );
}
