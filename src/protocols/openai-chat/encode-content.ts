import type { IrDocumentPart, IrImagePart, IrOpaquePart, IrPart, IrTextPart } from '../../ir/part.js';
import type { EncodeContext } from './encode-context.js';
import { TEXT_PART_SEPARATOR } from './encode-context.js';
import { toDataUrl } from './map-media.js';
import { OPENAI_CHAT_FORMAT } from './wire.js';

/** A wire content part as sent upstream. */
export type OpenAIChatContentPartBody = Record<string, unknown>;

/** Media types a `file` part carries (OpenAI's chat file inputs are PDFs). */
const FILE_MEDIA_TYPES: ReadonlySet<string> = new Set(['application/pdf']);
/** `filename` of a PDF sent without a title (OpenAI expects one with `file_data`). */
const DEFAULT_FILENAME = 'document.pdf';

/**
 * Text-only content. One part → a string. Several parts → an array of text parts for OpenAI (which
 * takes arrays for every role), else one string joined by a blank line: Groq and DeepSeek take only
 * strings for system, assistant and tool content. Cache hints become OpenAI's
 * `prompt_cache_breakpoint` (array form) for OpenAI, and are dropped with a warning elsewhere;
 * citations are dropped with a warning.
 * Source: OpenAI API reference, "Create chat completion" (message `content`).
 */
export function encodeTextContent(
  parts: readonly IrTextPart[],
  context: EncodeContext,
): string | OpenAIChatContentPartBody[] {
  for (const part of parts) {
    if (part.citations !== undefined) {
      context.warnings.add(
        'dropped-field',
        'Citations on text blocks have no OpenAI Chat equivalent and were dropped.',
        'citations',
      );
    }
    if (part.cacheControl !== undefined && !context.isOpenAI) warnCacheControl(context);
  }
  const hinted = context.isOpenAI && parts.some((part) => part.cacheControl !== undefined);
  if (parts.length === 1 && !hinted) return parts[0]?.text ?? '';
  if (parts.length === 0) return '';
  if (context.isOpenAI) return parts.map((part) => textPart(part, context));
  return parts.map((part) => part.text).join(TEXT_PART_SEPARATOR);
}

/**
 * User content parts (tool results excluded) → `content`: text-only content by the rule of
 * `encodeTextContent`, else an array of parts.
 *
 * | IR                                    | OpenAI                                              |
 * |---------------------------------------|-----------------------------------------------------|
 * | text                                  | `text`                                              |
 * | image, base64 / url                   | `image_url` (`data:` URL / the URL; `detail` from the layout) |
 * | image, file id / text                 | text placeholder + warning                          |
 * | document, base64 PDF                  | `file` with `file_data` (`data:` URL) and `filename` (title) |
 * | document, base64 text/plain, text     | text (title, blank line, body) + warning            |
 * | document, file id                     | `file` with `file_id`                               |
 * | document, url / other base64          | text placeholder + warning                          |
 * | opaque `openai-chat` (`input_audio`)  | verbatim                                            |
 * | opaque `tool_reference`               | text `Tool reference: <tool_name>` + warning        |
 * | other opaque, reasoning, tool-use     | dropped + warning                                   |
 *
 * @param parts the parts with their index in the IR message (for the layout's `detail`)
 * @param messageIndex the IR message's index
 */
export function encodeUserContent(
  parts: readonly (readonly [IrPart, number])[],
  messageIndex: number,
  context: EncodeContext,
): string | OpenAIChatContentPartBody[] {
  const encoded: OpenAIChatContentPartBody[] = [];
  const asText: IrTextPart[] = [];
  for (const [part, partIndex] of parts) {
    const body = encodeUserPart(part, context, context.layout.parts?.[`${messageIndex}:${partIndex}`]);
    if (body === undefined) continue;
    encoded.push(body);
    if (part.type === 'text') asText.push(part);
    else if (body.type === 'text' && typeof body.text === 'string')
      asText.push({ type: 'text', text: body.text });
  }
  return asText.length === encoded.length ? encodeTextContent(asText, context) : encoded;
}

function encodeUserPart(
  part: IrPart,
  context: EncodeContext,
  extras: Readonly<Record<string, unknown>> | undefined,
): OpenAIChatContentPartBody | undefined {
  switch (part.type) {
    case 'text':
      return textPart(part, context);
    case 'image':
      return encodeImage(part, context, extras);
    case 'document':
      return encodeDocument(part, context);
    case 'opaque':
      return encodeOpaque(part, context);
    case 'reasoning':
    case 'redacted-reasoning':
      context.warnings.add(
        'dropped-block',
        'Reasoning blocks in user messages were dropped.',
        'user-reasoning',
      );
      return undefined;
    case 'tool-use':
    case 'tool-result':
      context.warnings.add(
        'dropped-block',
        'Tool blocks out of place in a message were dropped.',
        'misplaced-tool',
      );
      return undefined;
    default: {
      const unknown: never = part;
      throw new Error(`Unknown part ${JSON.stringify(unknown)}`);
    }
  }
}

function textPart(part: IrTextPart, context: EncodeContext): OpenAIChatContentPartBody {
  return context.isOpenAI && part.cacheControl !== undefined
    ? { type: 'text', text: part.text, prompt_cache_breakpoint: { mode: 'explicit' } }
    : { type: 'text', text: part.text };
}

function encodeImage(
  part: IrImagePart,
  context: EncodeContext,
  extras: Readonly<Record<string, unknown>> | undefined,
): OpenAIChatContentPartBody {
  if (part.cacheControl !== undefined && !context.isOpenAI) warnCacheControl(context);
  const source = part.source;
  const url =
    source.kind === 'base64'
      ? toDataUrl(source.mediaType, source.data)
      : source.kind === 'url'
        ? source.url
        : undefined;
  if (url === undefined) {
    context.warnings.add(
      'degraded-block',
      'Images given by file id have no OpenAI Chat form and became a text note.',
      'image-file',
    );
    return { type: 'text', text: '[Image not included: given by file id]' };
  }
  const detail = extras?.detail;
  return { type: 'image_url', image_url: typeof detail === 'string' ? { url, detail } : { url } };
}

function encodeDocument(part: IrDocumentPart, context: EncodeContext): OpenAIChatContentPartBody {
  if (part.cacheControl !== undefined && !context.isOpenAI) warnCacheControl(context);
  if (part.context !== undefined) {
    context.warnings.add(
      'dropped-field',
      'Document context has no OpenAI Chat equivalent and was dropped.',
      'document-context',
    );
  }
  const source = part.source;
  const title = part.title ?? 'document';
  switch (source.kind) {
    case 'base64':
      if (FILE_MEDIA_TYPES.has(source.mediaType)) {
        return {
          type: 'file',
          file: {
            file_data: toDataUrl(source.mediaType, source.data),
            filename: part.title ?? DEFAULT_FILENAME,
          },
        };
      }
      if (source.mediaType.startsWith('text/'))
        return documentText(title, Buffer.from(source.data, 'base64').toString('utf8'), context);
      break;
    case 'text':
      return documentText(title, source.data, context);
    case 'file':
      return {
        type: 'file',
        file:
          part.title === undefined
            ? { file_id: source.fileId }
            : { file_id: source.fileId, filename: part.title },
      };
    case 'url':
      break;
    default: {
      const unknown: never = source;
      throw new Error(`Unknown media source ${JSON.stringify(unknown)}`);
    }
  }
  context.warnings.add(
    'degraded-block',
    'Documents OpenAI Chat cannot take (URLs, non-PDF files) became a text note.',
    'document-note',
  );
  const where = source.kind === 'url' ? source.url : source.mediaType;
  return { type: 'text', text: `[Document not included: ${title} (${where})]` };
}

function documentText(title: string, body: string, context: EncodeContext): OpenAIChatContentPartBody {
  context.warnings.add('degraded-block', 'Plain-text documents were sent as text.', 'document-text');
  return { type: 'text', text: `${title}${TEXT_PART_SEPARATOR}${body}` };
}

/**
 * An opaque part as OpenAI content: `openai-chat` parts verbatim, Anthropic `tool_reference` as
 * text, anything else dropped (one warning per kind).
 */
export function encodeOpaque(
  part: IrOpaquePart,
  context: EncodeContext,
): OpenAIChatContentPartBody | undefined {
  if (part.format === OPENAI_CHAT_FORMAT) return { ...part.value };
  const type = typeof part.value.type === 'string' ? part.value.type : 'unknown';
  if (type === 'tool_reference') {
    context.warnings.add('degraded-block', 'tool_reference blocks were sent as text.', 'tool-reference');
    const name = typeof part.value.tool_name === 'string' ? part.value.tool_name : '';
    return { type: 'text', text: `Tool reference: ${name}` };
  }
  context.warnings.add(
    'dropped-block',
    `${part.format} '${type}' blocks have no OpenAI Chat equivalent and were dropped.`,
    `opaque:${part.format}:${type}`,
  );
  return undefined;
}

/** Warns that `cache_control` hints were dropped (the upstream caches on its own). */
export function warnCacheControl(context: EncodeContext): void {
  context.warnings.add(
    'dropped-cache-control',
    'cache_control hints were dropped (this upstream caches on its own).',
  );
}
