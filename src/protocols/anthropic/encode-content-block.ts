import type { IrPart, IrToolResultPart, IrToolUsePart } from '../../ir/part.js';
import type { IrWarning } from '../../ir/warning.js';
import type { AnthropicLayoutView } from './anthropic-layout.js';
import {
  cacheControlField,
  encodeDocumentBlock,
  encodeImageBlock,
  encodeTextBlock,
} from './encode-media-block.js';
import { encodeAnthropicSignature } from './map-signature.js';
import type { AnthropicContentBlock } from './wire.js';

/** What block encoding needs besides the part. */
export interface ContentBlockEncoding {
  /** Provider id of the reader of signatures (the upstream, or `anthropic` for the client). */
  readonly signatureReader: string;
  /** Extra tool-call fields and content forms recorded when the IR was decoded. */
  readonly layout: AnthropicLayoutView;
  /** Receives a warning per part that cannot be written (opaque parts of other formats). */
  readonly warnings: IrWarning[];
}

/**
 * Encodes one IR part as an Anthropic content block: the inverse of
 * `decodeAnthropicContentBlock`. Opaque parts of format `anthropic` are written verbatim; opaque
 * parts of other formats are dropped with a `dropped-block` warning.
 * Source: Anthropic API reference, "Messages" (content block types).
 * @returns the block, or `undefined` when the part was dropped
 */
export function encodeAnthropicContentBlock(
  part: IrPart,
  encoding: ContentBlockEncoding,
): AnthropicContentBlock | undefined {
  switch (part.type) {
    case 'text':
      return encodeTextBlock(part);
    case 'image':
      return encodeImageBlock(part);
    case 'document':
      return encodeDocumentBlock(part);
    case 'reasoning':
      return {
        type: 'thinking',
        thinking: part.text,
        ...(part.signature === undefined
          ? {}
          : { signature: encodeAnthropicSignature(part.signature, encoding.signatureReader) }),
      };
    case 'redacted-reasoning':
      return {
        type: 'redacted_thinking',
        data: encodeAnthropicSignature(
          { provider: part.provider, value: part.data },
          encoding.signatureReader,
        ),
      };
    case 'tool-use':
      return encodeToolUseBlock(part, encoding.layout);
    case 'tool-result':
      return encodeToolResultBlock(part, encoding.layout);
    case 'opaque':
      if (part.format === 'anthropic') return opaqueBlock(part.value);
      encoding.warnings.push({
        code: 'dropped-block',
        message: `Dropped a '${part.format}' content block that the Anthropic format cannot carry.`,
      });
      return undefined;
    default: {
      const unreachable: never = part;
      return unreachable;
    }
  }
}

function encodeToolUseBlock(part: IrToolUsePart, layout: AnthropicLayoutView): AnthropicContentBlock {
  return {
    type: 'tool_use',
    id: part.id,
    name: part.name,
    input: part.input,
    ...cacheControlField(part.cacheControl),
    ...layout.toolUseExtras(part.id),
  };
}

function encodeToolResultBlock(part: IrToolResultPart, layout: AnthropicLayoutView): AnthropicContentBlock {
  const form = layout.toolResultForm(part.toolUseId, part.content);
  const first = part.content[0];
  const content =
    form === 'absent'
      ? {}
      : form === 'string' && first?.type === 'text'
        ? { content: first.text }
        : { content: part.content.map(encodeToolResultItem) };
  return {
    type: 'tool_result',
    tool_use_id: part.toolUseId,
    ...content,
    ...(part.isError === undefined ? {} : { is_error: part.isError }),
    ...cacheControlField(part.cacheControl),
    ...layout.toolResultExtras(part.toolUseId),
  };
}

type ToolResultItem = IrToolResultPart['content'][number];

function encodeToolResultItem(item: ToolResultItem): AnthropicContentBlock {
  switch (item.type) {
    case 'text':
      return encodeTextBlock(item);
    case 'image':
      return encodeImageBlock(item);
    case 'document':
      return encodeDocumentBlock(item);
    default: {
      const unreachable: never = item;
      return unreachable;
    }
  }
}

/** The wire block of an opaque part, fields in their original order. */
function opaqueBlock(value: Readonly<Record<string, unknown>>): AnthropicContentBlock {
  return { ...value, type: typeof value.type === 'string' ? value.type : 'unknown' };
}
