import type { IrDocumentPart, IrImagePart, IrMediaSource } from '../../ir/part.js';

/** What the decoders learn about a `fileData` URI that the IR's URL source cannot hold. */
export interface GeminiFileInfo {
  readonly mimeType?: string | undefined;
  readonly displayName?: string | undefined;
}

/** MIME types by file extension, for URL sources that arrive without one (`fileData.mimeType` is required). */
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  csv: 'text/csv',
};

/** Whether a MIME type is one the IR carries as a document (PDF and text). */
function isDocumentType(mimeType: string): boolean {
  return mimeType === 'application/pdf' || mimeType.startsWith('text/');
}

/**
 * `inlineData` → IR image (`image/*`) or document (PDF, `text/*`), base64; other media (audio,
 * video) have no IR part: `undefined` (the caller keeps the part opaque).
 * Source: Gemini API reference, "Generating content" (`Part.inlineData`, `Blob`); "Document understanding".
 */
export function decodeInlineData(blob: {
  readonly mimeType: string;
  readonly data: string;
}): IrImagePart | IrDocumentPart | undefined {
  const source: IrMediaSource = { kind: 'base64', mediaType: blob.mimeType, data: blob.data };
  if (blob.mimeType.startsWith('image/')) return { type: 'image', source };
  return isDocumentType(blob.mimeType) ? { type: 'document', source } : undefined;
}

/**
 * `fileData` → IR image or document with a URL source (the URI: Files API, `gs://`, https);
 * other or missing MIME types: `undefined` (the caller keeps the part opaque). The MIME type and
 * display name go to `files` (keyed by URI) so a Gemini upstream gets them back.
 * Source: Gemini API reference, "Generating content" (`Part.fileData`, `FileData`).
 */
export function decodeFileData(
  file: { readonly fileUri: string; readonly mimeType?: string | undefined; readonly displayName?: unknown },
  files: Record<string, GeminiFileInfo>,
): IrImagePart | IrDocumentPart | undefined {
  const mimeType = file.mimeType;
  if (mimeType === undefined) return undefined;
  const isImage = mimeType.startsWith('image/');
  if (!isImage && !isDocumentType(mimeType)) return undefined;
  files[file.fileUri] = {
    mimeType,
    ...(typeof file.displayName === 'string' ? { displayName: file.displayName } : {}),
  };
  const source: IrMediaSource = { kind: 'url', url: file.fileUri };
  return isImage ? { type: 'image', source } : { type: 'document', source };
}

/**
 * IR image / document → a Gemini part:
 *
 * | IR source       | part                                                                  |
 * |-----------------|-----------------------------------------------------------------------|
 * | `base64`        | `{inlineData: {mimeType, data}}`                                      |
 * | `text`          | `{inlineData: {mimeType, data: base64 of the text}}`                  |
 * | `url`           | `{fileData: {fileUri, mimeType}}`: the MIME type the client gave (`files`), else by extension, else `image/jpeg` / `application/pdf` |
 * | `file` (id)     | a Files API name or URI (`files/…`, `https://`, `gs://`) → `fileData`; other providers' file ids → `undefined` (the caller warns) |
 *
 * Source: Gemini API reference, "Generating content" (`Blob`, `FileData`).
 */
export function encodeMediaPart(
  part: IrImagePart | IrDocumentPart,
  files: Readonly<Record<string, GeminiFileInfo>>,
): Record<string, unknown> | undefined {
  const source = part.source;
  switch (source.kind) {
    case 'base64':
      return { inlineData: { mimeType: source.mediaType, data: source.data } };
    case 'text':
      return {
        inlineData: { mimeType: source.mediaType, data: Buffer.from(source.data, 'utf8').toString('base64') },
      };
    case 'url':
      return { fileData: fileDataFor(source.url, part.type, files) };
    case 'file':
      return /^(files\/|https:\/\/|gs:\/\/)/.test(source.fileId)
        ? { fileData: fileDataFor(source.fileId, part.type, files) }
        : undefined;
    default: {
      const unknown: never = source;
      throw new Error(`Unknown media source ${JSON.stringify(unknown)}`);
    }
  }
}

function fileDataFor(
  uri: string,
  type: 'image' | 'document',
  files: Readonly<Record<string, GeminiFileInfo>>,
): Record<string, unknown> {
  const known = files[uri];
  const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(uri)?.[1]?.toLowerCase();
  const guessed = extension === undefined ? undefined : MIME_BY_EXTENSION[extension];
  const mimeType = known?.mimeType ?? guessed ?? (type === 'image' ? 'image/jpeg' : 'application/pdf');
  return {
    ...(known?.displayName === undefined ? {} : { displayName: known.displayName }),
    fileUri: uri,
    mimeType,
  };
}
