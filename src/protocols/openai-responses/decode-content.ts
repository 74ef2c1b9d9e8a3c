import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrCacheControl, IrMediaSource, IrPart } from '../../ir/part.js';
import { decodeImageUrl, parseDataUrl } from '../openai-chat/map-media.js';
import { parseRequestValue } from './parse-request-value.js';
import { extraFields } from './read-layout.js';
import type { WireFields } from './wire.js';
import {
  OPENAI_RESPONSES_FORMAT,
  openAIResponsesInputFileSchema,
  openAIResponsesInputImageSchema,
  openAIResponsesInputTextSchema,
  openAIResponsesOutputTextSchema,
  openAIResponsesRefusalSchema,
} from './wire.js';

/** Media type assumed for `file_data` that is bare base64 rather than a `data:` URL. */
const DEFAULT_FILE_MEDIA_TYPE = 'application/pdf';

const MAPPED = {
  text: new Set(['type', 'text', 'prompt_cache_breakpoint']),
  refusal: new Set(['type', 'refusal']),
  image: new Set(['type', 'image_url', 'file_id', 'prompt_cache_breakpoint']),
  file: new Set(['type', 'file_data', 'file_id', 'file_url', 'filename', 'prompt_cache_breakpoint']),
} as const;

/** One decoded content part, with what an exact re-encoding needs. */
export interface DecodedContentPart {
  readonly part: IrPart;
  /** Wire fields the IR does not hold (`annotations`, `detail`, …). */
  readonly extras?: WireFields | undefined;
  /** It was a `refusal` part. */
  readonly refusal?: boolean | undefined;
}

/**
 * One content part of a message or of a `function_call_output` list → IR part.
 *
 * | Responses                                  | IR                                              |
 * |--------------------------------------------|-------------------------------------------------|
 * | `input_text`, `output_text`                | text (`prompt_cache_breakpoint` → `cacheControl`) |
 * | `refusal`                                  | text (flagged, so it is re-encoded as a refusal) |
 * | `input_image` `image_url` / `file_id`      | image: `data:` URL → base64, other URL → url; file id → file |
 * | `input_file` `file_data` / `file_id` / `file_url` | document: base64 (bare base64 read as PDF) / file / url; `filename` → title |
 * | any other type (`input_audio`, …)          | opaque part of format `openai-responses`        |
 *
 * Wire fields the IR has no place for (`annotations`, `logprobs`, `detail`, …) are returned as
 * `extras` for the layout.
 * Source: OpenAI API reference, "Create a model response" (`input` content types).
 * @param path where the part sits (`input[1].content[0]`), for errors
 * @throws InvalidRequestError for a malformed part, or an image / file with no source
 */
export function decodeContentPart(value: Record<string, unknown>, path: string): DecodedContentPart {
  switch (value.type) {
    case 'input_text': {
      const part = parseRequestValue(openAIResponsesInputTextSchema, value, path);
      return {
        part: { type: 'text', text: part.text, ...cacheControlOf(part.prompt_cache_breakpoint) },
        extras: extraFields(part, MAPPED.text),
      };
    }
    case 'output_text': {
      const part = parseRequestValue(openAIResponsesOutputTextSchema, value, path);
      return { part: { type: 'text', text: part.text }, extras: extraFields(part, MAPPED.text) };
    }
    case 'refusal': {
      const part = parseRequestValue(openAIResponsesRefusalSchema, value, path);
      return {
        part: { type: 'text', text: part.refusal },
        extras: extraFields(part, MAPPED.refusal),
        refusal: true,
      };
    }
    case 'input_image': {
      const part = parseRequestValue(openAIResponsesInputImageSchema, value, path);
      const source: IrMediaSource | undefined =
        part.image_url != null
          ? decodeImageUrl(part.image_url)
          : part.file_id != null
            ? { kind: 'file', fileId: part.file_id }
            : undefined;
      if (source === undefined) throw new InvalidRequestError(`${path}: needs image_url or file_id.`);
      return {
        part: { type: 'image', source, ...cacheControlOf(part.prompt_cache_breakpoint) },
        extras: extraFields(part, MAPPED.image),
      };
    }
    case 'input_file': {
      const part = parseRequestValue(openAIResponsesInputFileSchema, value, path);
      const source = fileSource(part.file_data, part.file_id, part.file_url);
      if (source === undefined) {
        throw new InvalidRequestError(`${path}: needs file_data, file_id or file_url.`);
      }
      return {
        part: {
          type: 'document',
          source,
          ...(part.filename == null ? {} : { title: part.filename }),
          ...cacheControlOf(part.prompt_cache_breakpoint),
        },
        extras: extraFields(part, MAPPED.file),
      };
    }
    default:
      return { part: { type: 'opaque', format: OPENAI_RESPONSES_FORMAT, value } };
  }
}

function fileSource(
  fileData: string | null | undefined,
  fileId: string | null | undefined,
  fileUrl: string | null | undefined,
): IrMediaSource | undefined {
  if (fileData != null) {
    const inline = parseDataUrl(fileData) ?? { mediaType: DEFAULT_FILE_MEDIA_TYPE, data: fileData };
    return { kind: 'base64', ...inline };
  }
  if (fileId != null) return { kind: 'file', fileId };
  if (fileUrl != null) return { kind: 'url', url: fileUrl };
  return undefined;
}

function cacheControlOf(breakpoint: { mode: string } | null | undefined): {
  cacheControl?: IrCacheControl;
} {
  return breakpoint == null ? {} : { cacheControl: { type: 'ephemeral' } };
}
