import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrCacheControl, IrDocumentPart, IrImagePart, IrMediaSource } from '../../ir/part.js';
import { hasOnlyKeys, isJsonObject, type JsonObject } from './json-value.js';

/**
 * Reads `cache_control`: `{type: "ephemeral"}` with an optional string `ttl`, nothing else.
 * Source: Anthropic API reference, "Messages" (`cache_control`, `CacheControlEphemeral`).
 * @param value the wire value
 * @returns the IR hint, or `undefined` when the value has another shape (`null`, a newer type or
 *   field): callers then keep the wire value as it is
 */
export function decodeCacheControl(value: unknown): IrCacheControl | undefined {
  if (!isJsonObject(value) || value.type !== 'ephemeral') return undefined;
  if (!hasOnlyKeys(value, CACHE_CONTROL_KEYS)) return undefined;
  if (value.ttl === undefined) return { type: 'ephemeral' };
  return typeof value.ttl === 'string' ? { type: 'ephemeral', ttl: value.ttl } : undefined;
}

const CACHE_CONTROL_KEYS: ReadonlySet<string> = new Set(['type', 'ttl']);

/**
 * The `cache_control` of a block, as far as the IR can carry it.
 * @returns `{ok: true}` with the hint (or none when the block has no `cache_control`), or
 *   `{ok: false}` when the block has one the IR cannot carry
 */
export function readBlockCacheControl(
  block: JsonObject,
): { ok: true; value?: IrCacheControl } | { ok: false } {
  if (!('cache_control' in block)) return { ok: true };
  const value = decodeCacheControl(block.cache_control);
  return value === undefined ? { ok: false } : { ok: true, value };
}

/**
 * Reads an image or document `source`: `base64` (`media_type`, `data`), `url`, `text`
 * (`media_type`, `data`) or `file` (`file_id`), with no other field.
 * Source: Anthropic API reference, "Messages" (image and document sources).
 * @returns the IR source, or `undefined` for any other shape (content sources, newer types)
 */
export function decodeMediaSource(value: unknown): IrMediaSource | undefined {
  if (!isJsonObject(value)) return undefined;
  switch (value.type) {
    case 'base64':
    case 'text': {
      const { media_type: mediaType, data } = value;
      if (!hasOnlyKeys(value, DATA_SOURCE_KEYS)) return undefined;
      if (typeof mediaType !== 'string' || typeof data !== 'string') return undefined;
      return { kind: value.type === 'base64' ? 'base64' : 'text', mediaType, data };
    }
    case 'url':
      return hasOnlyKeys(value, URL_SOURCE_KEYS) && typeof value.url === 'string'
        ? { kind: 'url', url: value.url }
        : undefined;
    case 'file':
      return hasOnlyKeys(value, FILE_SOURCE_KEYS) && typeof value.file_id === 'string'
        ? { kind: 'file', fileId: value.file_id }
        : undefined;
    default:
      return undefined;
  }
}

const DATA_SOURCE_KEYS: ReadonlySet<string> = new Set(['type', 'media_type', 'data']);
const URL_SOURCE_KEYS: ReadonlySet<string> = new Set(['type', 'url']);
const FILE_SOURCE_KEYS: ReadonlySet<string> = new Set(['type', 'file_id']);
const IMAGE_KEYS: ReadonlySet<string> = new Set(['type', 'source', 'cache_control']);
const DOCUMENT_KEYS: ReadonlySet<string> = new Set(['type', 'source', 'title', 'context', 'cache_control']);

function requireSource(block: JsonObject, path: string, strict: boolean): void {
  if (strict && !isJsonObject(block.source)) {
    throw new InvalidRequestError(
      `Request body is not a Messages request: ${path}.source: expected an object`,
    );
  }
}

/**
 * `image` block → IR image part.
 * Source: Anthropic API reference, "Messages" (image content blocks).
 * @param block the wire block (`type: "image"`)
 * @param path the block's JSON path, for error messages
 * @param strict throw when `source` is missing (client requests)
 * @returns the part, or `undefined` when the block has fields or a source the IR cannot carry
 * @throws InvalidRequestError (strict only) naming `<path>.source`
 */
export function decodeImageBlock(block: JsonObject, path: string, strict: boolean): IrImagePart | undefined {
  requireSource(block, path, strict);
  const source = decodeMediaSource(block.source);
  const cacheControl = readBlockCacheControl(block);
  if (source === undefined || !cacheControl.ok || !hasOnlyKeys(block, IMAGE_KEYS)) return undefined;
  return cacheControl.value === undefined
    ? { type: 'image', source }
    : { type: 'image', source, cacheControl: cacheControl.value };
}

/**
 * `document` block → IR document part (`title` and `context` when strings).
 * Source: Anthropic API reference, "Messages" (document content blocks).
 * @param block the wire block (`type: "document"`)
 * @param path the block's JSON path, for error messages
 * @param strict throw when `source` is missing (client requests)
 * @returns the part, or `undefined` when the block has fields (`citations`, …), `null`s or a
 *   source the IR cannot carry
 * @throws InvalidRequestError (strict only) naming `<path>.source`
 */
export function decodeDocumentBlock(
  block: JsonObject,
  path: string,
  strict: boolean,
): IrDocumentPart | undefined {
  requireSource(block, path, strict);
  const source = decodeMediaSource(block.source);
  const cacheControl = readBlockCacheControl(block);
  if (source === undefined || !cacheControl.ok || !hasOnlyKeys(block, DOCUMENT_KEYS)) return undefined;
  const { title, context } = block;
  if (
    (title !== undefined && typeof title !== 'string') ||
    (context !== undefined && typeof context !== 'string')
  ) {
    return undefined;
  }
  return {
    type: 'document',
    source,
    ...(title === undefined ? {} : { title }),
    ...(context === undefined ? {} : { context }),
    ...(cacheControl.value === undefined ? {} : { cacheControl: cacheControl.value }),
  };
}
