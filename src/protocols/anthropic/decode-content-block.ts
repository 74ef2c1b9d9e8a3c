import { InvalidRequestError } from '../../errors/gateway-error.js';
import type {
  IrDocumentPart,
  IrImagePart,
  IrOpaquePart,
  IrPart,
  IrTextPart,
  IrToolResultPart,
} from '../../ir/part.js';
import type { AnthropicLayoutRecorder, ContentForm } from './anthropic-layout.js';
import { decodeDocumentBlock, decodeImageBlock, readBlockCacheControl } from './decode-media-block.js';
import { hasOnlyKeys, isJsonObject, pickUnknownKeys, type JsonObject } from './json-value.js';
import { decodeAnthropicSignature } from './map-signature.js';

/** How content blocks are decoded: from a client request (strict) or an upstream answer. */
export interface ContentBlockDecoding {
  /**
   * Client requests: a known block with a malformed required field (a `text` that is not a
   * string, a `tool_use` without `id`) is an `InvalidRequestError`. Upstream answers: such a block
   * is carried as an opaque part instead.
   */
  readonly strict: boolean;
  /** Provider of untagged signatures and redacted data (see `decodeAnthropicSignature`). */
  readonly signatureProvider: string;
  /** Upstream tool name → the client's name (`UpstreamExchange.toolNames`); empty for requests. */
  readonly toolNames: ReadonlyMap<string, string>;
  /** Receives tool-call fields the IR has no field for, and content forms. */
  readonly layout: AnthropicLayoutRecorder;
}

const TEXT_KEYS: ReadonlySet<string> = new Set(['type', 'text', 'cache_control', 'citations']);
const THINKING_KEYS: ReadonlySet<string> = new Set(['type', 'thinking', 'signature']);
const REDACTED_KEYS: ReadonlySet<string> = new Set(['type', 'data']);
const TOOL_USE_KEYS: ReadonlySet<string> = new Set(['type', 'id', 'name', 'input', 'cache_control']);
const TOOL_RESULT_KEYS: ReadonlySet<string> = new Set([
  'type',
  'tool_use_id',
  'content',
  'is_error',
  'cache_control',
]);

/** Carries a block the IR has no exact part for, verbatim. */
export function opaqueAnthropicPart(block: JsonObject): IrOpaquePart {
  return { type: 'opaque', format: 'anthropic', value: block };
}

function invalid(path: string, problem: string): InvalidRequestError {
  return new InvalidRequestError(`Request body is not a Messages request: ${path}: ${problem}`);
}

/**
 * Decodes one Anthropic content block into an IR part. Known blocks whose every field the IR can
 * carry become IR parts; `tool_use` / `tool_result` fields the IR lacks (`caller`,
 * `toolset_name`, a `cache_control` of a newer shape) go to the layout by tool use id; any other
 * block (`tool_reference`, `server_tool_use`, `web_search_tool_result`, `search_result`, a known
 * block with a newer field) becomes an `IrOpaquePart` carrying the wire JSON verbatim.
 * Source: Anthropic API reference, "Messages" (content block types).
 * @param block the wire block (any JSON value)
 * @param path its JSON path (`messages.3.content.1`), for error messages
 * @returns the part, or `undefined` for a value that is not a block at all (not an object;
 *   upstream answers only)
 * @throws InvalidRequestError (strict only) naming the malformed field
 */
export function decodeAnthropicContentBlock(
  block: unknown,
  path: string,
  decoding: ContentBlockDecoding,
): IrPart | undefined {
  if (!isJsonObject(block) || typeof block.type !== 'string') {
    if (decoding.strict) throw invalid(path, 'expected a content block object with a string `type`');
    return undefined;
  }
  switch (block.type) {
    case 'text':
      return decodeTextBlock(block, path, decoding.strict) ?? opaqueAnthropicPart(block);
    case 'image':
      return decodeImageBlock(block, path, decoding.strict) ?? opaqueAnthropicPart(block);
    case 'document':
      return decodeDocumentBlock(block, path, decoding.strict) ?? opaqueAnthropicPart(block);
    case 'thinking':
      return decodeThinkingBlock(block, path, decoding) ?? opaqueAnthropicPart(block);
    case 'redacted_thinking':
      return decodeRedactedBlock(block, path, decoding) ?? opaqueAnthropicPart(block);
    case 'tool_use':
      return decodeToolUseBlock(block, path, decoding) ?? opaqueAnthropicPart(block);
    case 'tool_result':
      return decodeToolResultBlock(block, path, decoding) ?? opaqueAnthropicPart(block);
    default:
      return opaqueAnthropicPart(block);
  }
}

/**
 * `text` block → IR text part (`citations` carried as they are, `null` included).
 * @returns the part, or `undefined` when the block has fields the IR cannot carry
 * @throws InvalidRequestError (strict only) when `text` is not a string
 */
export function decodeTextBlock(block: JsonObject, path: string, strict: boolean): IrTextPart | undefined {
  if (typeof block.text !== 'string') {
    if (strict) throw invalid(`${path}.text`, 'expected a string');
    return undefined;
  }
  const cacheControl = readBlockCacheControl(block);
  if (!cacheControl.ok || !hasOnlyKeys(block, TEXT_KEYS)) return undefined;
  return {
    type: 'text',
    text: block.text,
    ...('citations' in block ? { citations: block.citations } : {}),
    ...(cacheControl.value === undefined ? {} : { cacheControl: cacheControl.value }),
  };
}

function decodeThinkingBlock(
  block: JsonObject,
  path: string,
  decoding: ContentBlockDecoding,
): IrPart | undefined {
  if (typeof block.thinking !== 'string') {
    if (decoding.strict) throw invalid(`${path}.thinking`, 'expected a string');
    return undefined;
  }
  const { signature } = block;
  if (!hasOnlyKeys(block, THINKING_KEYS) || (signature !== undefined && typeof signature !== 'string')) {
    return undefined;
  }
  if (signature === undefined) return { type: 'reasoning', text: block.thinking };
  return {
    type: 'reasoning',
    text: block.thinking,
    signature: decodeAnthropicSignature(signature, decoding.signatureProvider),
  };
}

function decodeRedactedBlock(
  block: JsonObject,
  path: string,
  decoding: ContentBlockDecoding,
): IrPart | undefined {
  if (typeof block.data !== 'string') {
    if (decoding.strict) throw invalid(`${path}.data`, 'expected a string');
    return undefined;
  }
  if (!hasOnlyKeys(block, REDACTED_KEYS)) return undefined;
  const { provider, value } = decodeAnthropicSignature(block.data, decoding.signatureProvider);
  return { type: 'redacted-reasoning', data: value, provider };
}

function decodeToolUseBlock(
  block: JsonObject,
  path: string,
  decoding: ContentBlockDecoding,
): IrPart | undefined {
  const { id, name } = block;
  if (typeof id !== 'string' || typeof name !== 'string' || !('input' in block)) {
    if (!decoding.strict) return undefined;
    if (typeof id !== 'string') throw invalid(`${path}.id`, 'expected a string');
    if (typeof name !== 'string') throw invalid(`${path}.name`, 'expected a string');
    throw invalid(`${path}.input`, 'required');
  }
  const cacheControl = readBlockCacheControl(block);
  const extras = pickUnknownKeys(block, TOOL_USE_KEYS);
  if (!cacheControl.ok) extras.cache_control = block.cache_control;
  decoding.layout.recordToolUseExtras(id, extras);
  return {
    type: 'tool-use',
    id,
    name: decoding.toolNames.get(name) ?? name,
    input: block.input,
    ...(cacheControl.ok && cacheControl.value !== undefined ? { cacheControl: cacheControl.value } : {}),
  };
}

type ToolResultItem = IrTextPart | IrImagePart | IrDocumentPart;

/** Decodes a tool result's `content` array; `undefined` when an item is not text / image / document. */
function decodeToolResultItems(
  items: unknown[],
  path: string,
  strict: boolean,
): ToolResultItem[] | undefined {
  const parts: ToolResultItem[] = [];
  for (const [index, item] of items.entries()) {
    const itemPath = `${path}.content.${index}`;
    if (!isJsonObject(item)) {
      if (strict) throw invalid(itemPath, 'expected a content block object');
      return undefined;
    }
    let part: ToolResultItem | undefined;
    if (item.type === 'text') part = decodeTextBlock(item, itemPath, strict);
    else if (item.type === 'image') part = decodeImageBlock(item, itemPath, strict);
    else if (item.type === 'document') part = decodeDocumentBlock(item, itemPath, strict);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return parts;
}

function decodeToolResultBlock(
  block: JsonObject,
  path: string,
  decoding: ContentBlockDecoding,
): IrToolResultPart | undefined {
  const { tool_use_id: toolUseId, content } = block;
  if (typeof toolUseId !== 'string') {
    if (decoding.strict) throw invalid(`${path}.tool_use_id`, 'expected a string');
    return undefined;
  }
  let parts: ToolResultItem[] | undefined;
  let form: ContentForm;
  if (content === undefined) [parts, form] = [[], 'absent'];
  else if (typeof content === 'string') [parts, form] = [[{ type: 'text', text: content }], 'string'];
  else if (Array.isArray(content))
    [parts, form] = [decodeToolResultItems(content, path, decoding.strict), 'blocks'];
  else if (decoding.strict)
    throw invalid(`${path}.content`, 'expected a string or an array of content blocks');
  else return undefined;
  if (parts === undefined) return undefined;
  const cacheControl = readBlockCacheControl(block);
  const extras = pickUnknownKeys(block, TOOL_RESULT_KEYS);
  if (!cacheControl.ok) extras.cache_control = block.cache_control;
  const isError = block.is_error;
  if (isError !== undefined && typeof isError !== 'boolean') extras.is_error = isError;
  decoding.layout.recordToolResultForm(toolUseId, form, parts);
  decoding.layout.recordToolResultExtras(toolUseId, extras);
  return {
    type: 'tool-result',
    toolUseId,
    content: parts,
    ...(typeof isError === 'boolean' ? { isError } : {}),
    ...(cacheControl.ok && cacheControl.value !== undefined ? { cacheControl: cacheControl.value } : {}),
  };
}
