import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrMessage } from '../../ir/message.js';
import type { IrPart, IrTextPart } from '../../ir/part.js';
import type { IrRequest } from '../../ir/request.js';
import type { IrWarning } from '../../ir/warning.js';
import type { ClientExchange } from '../protocol.js';
import { ANTHROPIC_LAYOUT_NAMESPACE, AnthropicLayoutRecorder, type ContentForm } from './anthropic-layout.js';
import {
  decodeAnthropicContentBlock,
  decodeTextBlock,
  type ContentBlockDecoding,
} from './decode-content-block.js';
import {
  readOptionalNumber,
  readStopSequences,
  splitMetadata,
  splitOutputConfig,
  splitThinking,
} from './decode-request-settings.js';
import { decodeAnthropicToolChoice, decodeAnthropicTools, type SplitField } from './decode-tools.js';
import { isJsonObject, type JsonObject } from './json-value.js';
import { CLIENT_SIGNATURE_PROVIDER } from './map-signature.js';
import { validateRequestBody } from './parse-request-body.js';
import { anthropicMessagesRequestSchema } from './wire.js';

/** Top-level fields the IR carries in full; every other field goes to `extensions.anthropic`. */
const MAPPED_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'messages',
  'system',
  'tools',
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'stream',
]);

/** Keys a message may have; others are dropped with a warning. */
const MESSAGE_KEYS: ReadonlySet<string> = new Set(['role', 'content']);

/** An Anthropic Messages request as the hub reads it. */
export interface DecodedAnthropicRequest {
  request: IrRequest;
  client: ClientExchange;
  warnings: IrWarning[];
}

/**
 * Decodes a client's Messages request body into the IR. Everything is carried: `system` and
 * message content become IR parts (unknown blocks as opaque parts, `role: "system"` messages in
 * place), custom tools become function tools and server tools provider tools, `thinking`,
 * `output_config.effort`, `metadata.user_id` and `tool_choice` go to the IR with their other
 * fields, and every other top-level field (`context_management`, `service_tier`, `container`,
 * `mcp_servers`, newer ones) to `extensions.anthropic`, verbatim and in the client's order. How
 * the client spelled things the IR normalises (string vs. one text block, key order, extra
 * tool-call fields) goes to the `anthropic.layout` extension, so `encodeAnthropicRequest` gives
 * the same JSON back. Untagged thinking signatures are attributed to `anthropic`.
 * Source: Anthropic API reference, "Messages" (create: request body).
 * @param body the parsed JSON body (validated here against `anthropicMessagesRequestSchema`)
 * @returns the IR request; `client` echoes `model`; `warnings` name dropped message fields
 * @throws InvalidRequestError (400) naming the offending field
 */
export function decodeAnthropicRequest(body: unknown): DecodedAnthropicRequest {
  const fields = validate(body);
  const warnings: IrWarning[] = [];
  const layout = new AnthropicLayoutRecorder();
  layout.recordKeys(Object.keys(fields));
  const decoding: ContentBlockDecoding = {
    strict: true,
    signatureProvider: CLIENT_SIGNATURE_PROVIDER,
    toolNames: new Map(),
    layout,
  };
  const extension: JsonObject = {};
  const system = decodeSystem(fields.system, layout, extension);
  const messages = (fields.messages as JsonObject[]).map((message, index) =>
    decodeMessage(message, index, decoding, warnings),
  );
  const tools = decodeAnthropicTools((fields.tools as JsonObject[] | undefined) ?? [], layout);
  const split = {
    tool_choice: decodeAnthropicToolChoice(fields.tool_choice),
    thinking: splitThinking(fields.thinking),
    output_config: splitOutputConfig(fields.output_config),
    metadata: splitMetadata(fields.metadata),
  } satisfies Record<string, SplitField<unknown>>;
  for (const [key, value] of Object.entries(fields)) {
    if (key in split) {
      const rest = split[key as keyof typeof split].rest;
      if (rest !== undefined) extension[key] = rest;
    } else if (!MAPPED_FIELDS.has(key)) {
      extension[key] = value;
    }
  }
  const temperature = readOptionalNumber(fields, 'temperature');
  const topP = readOptionalNumber(fields, 'top_p');
  const topK = readOptionalNumber(fields, 'top_k');
  const layoutExtension = layout.toExtension();
  const request: IrRequest = {
    model: String(fields.model),
    system,
    messages,
    tools,
    ...(split.tool_choice.value === undefined ? {} : { toolChoice: split.tool_choice.value }),
    maxTokens: Number(fields.max_tokens),
    ...(temperature === undefined ? {} : { temperature }),
    ...(topP === undefined ? {} : { topP }),
    ...(topK === undefined ? {} : { topK }),
    stopSequences: readStopSequences(fields),
    stream: fields.stream === true,
    ...(split.thinking.value === undefined ? {} : { thinking: split.thinking.value }),
    ...(split.output_config.value === undefined ? {} : { effort: split.output_config.value }),
    ...(split.metadata.value === undefined ? {} : { userId: split.metadata.value }),
    extensions: {
      ...(Object.keys(extension).length > 0 ? { anthropic: extension } : {}),
      ...(layoutExtension === undefined ? {} : { [ANTHROPIC_LAYOUT_NAMESPACE]: layoutExtension }),
    },
  };
  return { request, client: { requestedModel: request.model, includeUsage: true }, warnings };
}

/** Checks the body against the Messages schema; returns it as it is (not a parsed copy). */
function validate(body: unknown): JsonObject {
  if (!isJsonObject(body)) {
    throw new InvalidRequestError('Request body must be a JSON object: a Messages request.');
  }
  validateRequestBody(body, anthropicMessagesRequestSchema, 'a Messages request');
  return body;
}

/**
 * `system` (a string or text blocks) → IR system text parts. A text block with a field the IR
 * cannot carry keeps the whole `system` verbatim in `extensions.anthropic.system` (the encoder
 * prefers it); the IR still gets its text, for other formats.
 * @throws InvalidRequestError when a block is not a text block
 */
function decodeSystem(system: unknown, layout: AnthropicLayoutRecorder, extension: JsonObject): IrTextPart[] {
  if (system === undefined) return [];
  if (typeof system === 'string') {
    const parts: IrTextPart[] = [{ type: 'text', text: system }];
    layout.recordSystemForm('string', parts);
    return parts;
  }
  const blocks = Array.isArray(system) ? (system as unknown[]) : [];
  let keepVerbatim = false;
  const parts = blocks.map((block, index): IrTextPart => {
    const path = `system.${index}`;
    if (!isJsonObject(block) || block.type !== 'text') {
      throw new InvalidRequestError(`Request body is not a Messages request: ${path}: expected a text block`);
    }
    const part = decodeTextBlock(block, path, true);
    if (part !== undefined) return part;
    keepVerbatim = true;
    return { type: 'text', text: String(block.text) };
  });
  if (keepVerbatim) extension.system = system;
  layout.recordSystemForm('blocks', parts);
  return parts;
}

function decodeMessage(
  message: JsonObject,
  index: number,
  decoding: ContentBlockDecoding,
  warnings: IrWarning[],
): IrMessage {
  for (const key of Object.keys(message)) {
    if (!MESSAGE_KEYS.has(key)) {
      warnings.push({ code: 'dropped-field', message: `Dropped field '${key}' of messages.${index}.` });
    }
  }
  const role = message.role === 'assistant' ? 'assistant' : message.role === 'system' ? 'system' : 'user';
  const { content } = message;
  let parts: IrPart[];
  let form: ContentForm;
  if (typeof content === 'string') {
    parts = [{ type: 'text', text: content }];
    form = 'string';
  } else {
    const blocks = Array.isArray(content) ? (content as unknown[]) : [];
    parts = blocks.flatMap((block, blockIndex) => {
      const part = decodeAnthropicContentBlock(block, `messages.${index}.content.${blockIndex}`, decoding);
      return part === undefined ? [] : [part];
    });
    form = 'blocks';
  }
  decoding.layout.recordMessageForm(index, form, parts);
  return { role, content: parts };
}
