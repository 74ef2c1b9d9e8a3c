import type {
  IrCacheControl,
  IrDocumentPart,
  IrImagePart,
  IrMediaSource,
  IrTextPart,
} from '../../ir/part.js';
import type { AnthropicContentBlock } from './wire.js';

/**
 * IR cache hint → `cache_control` (`{type: "ephemeral"}`, plus `ttl` when set).
 * Source: Anthropic API reference, "Messages" (`cache_control`).
 */
export function encodeCacheControl(cacheControl: IrCacheControl): Record<string, unknown> {
  return cacheControl.ttl === undefined
    ? { type: 'ephemeral' }
    : { type: 'ephemeral', ttl: cacheControl.ttl };
}

/** `{cache_control}` when the part has a hint, else `{}` (to spread last into a block). */
export function cacheControlField(cacheControl: IrCacheControl | undefined): Record<string, unknown> {
  return cacheControl === undefined ? {} : { cache_control: encodeCacheControl(cacheControl) };
}

/**
 * IR media source → Anthropic `source` (`base64` / `text` with `media_type` and `data`, `url`,
 * `file` with `file_id`).
 * Source: Anthropic API reference, "Messages" (image and document sources).
 */
export function encodeMediaSource(source: IrMediaSource): Record<string, unknown> {
  switch (source.kind) {
    case 'base64':
    case 'text':
      return { type: source.kind, media_type: source.mediaType, data: source.data };
    case 'url':
      return { type: 'url', url: source.url };
    case 'file':
      return { type: 'file', file_id: source.fileId };
    default: {
      const unreachable: never = source;
      return unreachable;
    }
  }
}

/**
 * IR text part → `text` block (`type`, `text`, `citations`, `cache_control`).
 * Source: Anthropic API reference, "Messages" (text content blocks).
 */
export function encodeTextBlock(part: IrTextPart): AnthropicContentBlock {
  return {
    type: 'text',
    text: part.text,
    ...(part.citations === undefined ? {} : { citations: part.citations }),
    ...cacheControlField(part.cacheControl),
  };
}

/**
 * IR image part → `image` block.
 * Source: Anthropic API reference, "Messages" (image content blocks).
 */
export function encodeImageBlock(part: IrImagePart): AnthropicContentBlock {
  return { type: 'image', source: encodeMediaSource(part.source), ...cacheControlField(part.cacheControl) };
}

/**
 * IR document part → `document` block (`source`, `title`, `context`, `cache_control`).
 * Source: Anthropic API reference, "Messages" (document content blocks).
 */
export function encodeDocumentBlock(part: IrDocumentPart): AnthropicContentBlock {
  return {
    type: 'document',
    source: encodeMediaSource(part.source),
    ...(part.title === undefined ? {} : { title: part.title }),
    ...(part.context === undefined ? {} : { context: part.context }),
    ...cacheControlField(part.cacheControl),
  };
}
