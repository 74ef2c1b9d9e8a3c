import type { IrMediaSource } from '../../ir/part.js';

const DATA_URL = /^data:([^;,]+)?((?:;[^;,]+)*?);base64,(.*)$/s;

/**
 * Reads a base64 `data:` URL (RFC 2397), as OpenAI's `image_url.url` and `file.file_data` carry
 * inline bytes (reference: "Images and vision", "File inputs").
 * @returns media type and base64 payload, or `undefined` for any other URL
 */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = DATA_URL.exec(url);
  if (match === null) return undefined;
  return { mediaType: match[1] ?? 'application/octet-stream', data: match[3] ?? '' };
}

/** A base64 `data:` URL for bytes of `mediaType`. */
export function toDataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}

/** An `image_url.url` → IR media source (`data:` URLs become base64, others stay URLs). */
export function decodeImageUrl(url: string): IrMediaSource {
  const inline = parseDataUrl(url);
  return inline === undefined
    ? { kind: 'url', url }
    : { kind: 'base64', mediaType: inline.mediaType, data: inline.data };
}
