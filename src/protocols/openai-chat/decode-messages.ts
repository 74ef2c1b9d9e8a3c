import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrMessage } from '../../ir/message.js';
import type { IrPart, IrTextPart, IrToolResultPart } from '../../ir/part.js';
import type { WarningCollector } from './collect-warnings.js';
import { decodeImageUrl, parseDataUrl } from './map-media.js';
import { parseToolArguments } from './parse-tool-arguments.js';
import type { OpenAIChatLayout, OpenAIChatMessage, OpenAIChatTextPart, OpenAIChatUserPart } from './wire.js';
import { OPENAI_CHAT_FORMAT } from './wire.js';

/** Media type assumed for `file_data` that is bare base64 rather than a `data:` URL (PDF is what chat takes). */
const DEFAULT_FILE_MEDIA_TYPE = 'application/pdf';

/** Wire fields each role's mapping reads; any other field of a message is kept as an extra. */
const MAPPED_MESSAGE_FIELDS: Readonly<Record<OpenAIChatMessage['role'], ReadonlySet<string>>> = {
  system: new Set(['role', 'content']),
  developer: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls', 'reasoning_content', 'reasoning']),
  tool: new Set(['role', 'content', 'tool_call_id']),
};

/** Messages mapped to the IR, with what an exact re-encoding needs. */
export interface DecodedOpenAIChatMessages {
  readonly system: IrTextPart[];
  readonly messages: IrMessage[];
  readonly layout: Pick<OpenAIChatLayout, 'system' | 'messages' | 'parts'>;
}

/**
 * OpenAI `messages` → IR system prompt and messages.
 * - Leading `system` / `developer` messages → `IrRequest.system` (their roles and part counts in
 *   the layout); later ones stay in place as IR `system` messages (`developer: true` kept).
 * - `user` content: a string → one text part; parts → text, image (`data:` URL → base64, other
 *   URLs → url; `detail` in the layout), `file` → document (`file_data` → base64, `file_id` →
 *   file; `filename` → title), `input_audio` → an opaque `openai-chat` part (re-emitted verbatim
 *   to OpenAI-format upstreams only).
 * - `assistant`: `reasoning_content` / `reasoning` → a leading reasoning part; `content` → text
 *   (an empty string gives no part; refusal parts become text with a warning); `tool_calls` →
 *   tool-use parts, `arguments` read by `parseToolArguments` (repaired with a warning, or `{}`
 *   with a warning when nothing unambiguous can be made of them); custom tool calls → opaque.
 * - consecutive `tool` messages → one IR user message of tool-result parts.
 * - other message fields (`name`, `refusal`, `audio`, DeepSeek `prefix`, Kimi `partial`, …) → layout extras.
 * Source: OpenAI API reference, "Create chat completion" (`messages`).
 * @throws InvalidRequestError for a `file` part with neither `file_data` nor `file_id`
 */
export function decodeOpenAIChatMessages(
  wire: readonly OpenAIChatMessage[],
  warnings: WarningCollector,
): DecodedOpenAIChatMessages {
  const system: IrTextPart[] = [];
  const layoutSystem: NonNullable<OpenAIChatLayout['system']>[number][] = [];
  const messages: IrMessage[] = [];
  const messageExtras: Record<string, { role: IrMessage['role']; fields: Record<string, unknown> }> = {};
  const partExtras: Record<string, Record<string, unknown>> = {};
  let toolGroup: IrToolResultPart[] | undefined;

  let position = 0;
  for (; position < wire.length; position++) {
    const message = wire[position];
    if (message === undefined || (message.role !== 'system' && message.role !== 'developer')) break;
    const parts = decodeTextContent(message.content);
    system.push(...parts);
    const extras = extraFields(message);
    layoutSystem.push({ role: message.role, parts: parts.length, ...(extras ? { extras } : {}) });
  }

  for (; position < wire.length; position++) {
    const message = wire[position];
    if (message === undefined) continue;
    const irIndex = messages.length;
    if (message.role === 'tool') {
      if (extraFields(message) !== undefined) {
        warnings.add(
          'dropped-field',
          'Fields of tool messages other than content and tool_call_id were dropped.',
        );
      }
      const result: IrToolResultPart = {
        type: 'tool-result',
        toolUseId: message.tool_call_id,
        content: decodeTextContent(message.content),
      };
      if (toolGroup === undefined) {
        toolGroup = [result];
        messages.push({ role: 'user', content: toolGroup });
      } else toolGroup.push(result);
      continue;
    }
    toolGroup = undefined;
    const extras = extraFields(message);
    if (extras !== undefined) {
      messageExtras[String(irIndex)] = {
        role: message.role === 'developer' ? 'system' : message.role,
        fields: extras,
      };
    }
    switch (message.role) {
      case 'system':
      case 'developer':
        messages.push({
          role: 'system',
          content: decodeTextContent(message.content),
          ...(message.role === 'developer' ? { developer: true } : {}),
        });
        break;
      case 'user':
        messages.push({
          role: 'user',
          content: decodeUserContent(message.content, position, irIndex, partExtras),
        });
        break;
      case 'assistant':
        messages.push({ role: 'assistant', content: decodeAssistantContent(message, warnings) });
        break;
      default: {
        const unknown: never = message;
        throw new Error(`Unknown role ${JSON.stringify(unknown)}`);
      }
    }
  }

  return {
    system,
    messages,
    layout: {
      ...(layoutSystem.length > 0 ? { system: layoutSystem } : {}),
      ...(Object.keys(messageExtras).length > 0 ? { messages: messageExtras } : {}),
      ...(Object.keys(partExtras).length > 0 ? { parts: partExtras } : {}),
    },
  };
}

function decodeTextContent(content: string | readonly OpenAIChatTextPart[]): IrTextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map(decodeTextPart);
}

function decodeTextPart(part: OpenAIChatTextPart): IrTextPart {
  return part.prompt_cache_breakpoint === undefined
    ? { type: 'text', text: part.text }
    : { type: 'text', text: part.text, cacheControl: { type: 'ephemeral' } };
}

function decodeUserContent(
  content: string | readonly OpenAIChatUserPart[],
  position: number,
  irIndex: number,
  partExtras: Record<string, Record<string, unknown>>,
): IrPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, partIndex): IrPart => {
    const cacheControl =
      part.prompt_cache_breakpoint === undefined ? {} : { cacheControl: { type: 'ephemeral' as const } };
    switch (part.type) {
      case 'text':
        return decodeTextPart(part);
      case 'image_url':
        if (part.image_url.detail !== undefined) {
          partExtras[`${irIndex}:${partIndex}`] = { detail: part.image_url.detail };
        }
        return { type: 'image', source: decodeImageUrl(part.image_url.url), ...cacheControl };
      case 'input_audio':
        return { type: 'opaque', format: OPENAI_CHAT_FORMAT, value: part };
      case 'file': {
        const { file_data: fileData, file_id: fileId, filename } = part.file;
        const title = filename === undefined ? {} : { title: filename };
        if (fileData !== undefined) {
          const inline = parseDataUrl(fileData) ?? { mediaType: DEFAULT_FILE_MEDIA_TYPE, data: fileData };
          return { type: 'document', source: { kind: 'base64', ...inline }, ...title, ...cacheControl };
        }
        if (fileId !== undefined) {
          return { type: 'document', source: { kind: 'file', fileId }, ...title, ...cacheControl };
        }
        throw new InvalidRequestError(
          `messages[${position}].content[${partIndex}].file: needs file_data or file_id.`,
        );
      }
      default: {
        const unknown: never = part;
        throw new Error(`Unknown content part ${JSON.stringify(unknown)}`);
      }
    }
  });
}

function decodeAssistantContent(
  message: Extract<OpenAIChatMessage, { role: 'assistant' }>,
  warnings: WarningCollector,
): IrPart[] {
  const content: IrPart[] = [];
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') content.push({ type: 'reasoning', text: reasoning });
  if (typeof message.content === 'string') {
    if (message.content !== '') content.push({ type: 'text', text: message.content });
  } else if (Array.isArray(message.content)) {
    for (const part of message.content) {
      if (part.type === 'text') content.push(decodeTextPart(part));
      else {
        warnings.add('degraded-block', 'Assistant refusal content parts were read as text.');
        content.push({ type: 'text', text: part.refusal });
      }
    }
  }
  for (const call of message.tool_calls ?? []) {
    if (call.type === 'custom') {
      content.push({ type: 'opaque', format: OPENAI_CHAT_FORMAT, value: call });
      continue;
    }
    const parsed = parseToolArguments(call.function.arguments);
    if (parsed.kind === 'repaired') {
      warnings.add('repaired-tool-arguments', 'Tool call arguments that were not valid JSON were repaired.');
    } else if (parsed.kind === 'invalid') {
      warnings.add(
        'unparsable-tool-arguments',
        'Tool call arguments that are not a JSON object were replaced by {}.',
      );
    }
    content.push({
      type: 'tool-use',
      id: call.id,
      name: call.function.name,
      input: parsed.kind === 'invalid' ? {} : parsed.input,
    });
  }
  return content;
}

function extraFields(message: OpenAIChatMessage): Record<string, unknown> | undefined {
  const mapped = MAPPED_MESSAGE_FIELDS[message.role];
  const entries = Object.entries(message).filter(([key, value]) => !mapped.has(key) && value !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}
