import type { IrMessage } from '../../ir/message.js';
import type { IrPart, IrTextPart, IrToolResultPart } from '../../ir/part.js';
import type { IrRequest } from '../../ir/request.js';
import type { OpenAIChatContentPartBody } from './encode-content.js';
import { encodeOpaque, encodeTextContent, encodeUserContent, warnCacheControl } from './encode-content.js';
import type { EncodeContext } from './encode-context.js';
import { TEXT_PART_SEPARATOR } from './encode-context.js';
import { OPENAI_CHAT_FORMAT } from './wire.js';

/** A wire message as sent upstream. */
export type OpenAIChatMessageBody = Record<string, unknown>;

/**
 * IR system prompt and messages → OpenAI `messages`.
 * - `system` → leading messages: split back into the client's messages and roles when the layout
 *   matches, else one `system` message.
 * - IR `system` messages stay in place as `system` messages (`developer` for OpenAI when flagged;
 *   other providers get `system`, since not all take `developer`).
 * - user messages: tool results first, as one `tool` message each (`is_error` → content prefixed
 *   `Error: `, with a warning: OpenAI has no error flag; images and documents of results → a
 *   following user message, with a warning: tool messages take only text), then the rest of the
 *   content as a user message.
 * - assistant messages: text → `content` (`null` beside tool calls), tool-use → `tool_calls`
 *   (names shortened, input serialised), reasoning → `reasoning_content` when the target replays
 *   reasoning, else dropped (one warning with the count); signatures and redacted reasoning never
 *   go upstream.
 * - the layout's extra message fields (`name`, …) are put back.
 * Source: OpenAI API reference, "Create chat completion" (`messages`).
 */
export function encodeOpenAIChatMessages(
  request: IrRequest,
  context: EncodeContext,
): OpenAIChatMessageBody[] {
  const out = encodeSystem(request.system, context);
  request.messages.forEach((message, index) => {
    const extras = context.layout.messages?.[String(index)];
    const encoded = encodeMessage(message, index, context);
    const main = encoded.main;
    if (main !== undefined && extras?.role === message.role) Object.assign(main, extras.fields);
    out.push(...encoded.messages);
  });
  return out;
}

function encodeSystem(system: readonly IrTextPart[], context: EncodeContext): OpenAIChatMessageBody[] {
  if (system.length === 0) return [];
  const layout = context.layout.system;
  if (layout !== undefined && layout.reduce((sum, entry) => sum + entry.parts, 0) === system.length) {
    let offset = 0;
    return layout.map((entry) => {
      const parts = system.slice(offset, (offset += entry.parts));
      return {
        role: systemRole(entry.role === 'developer', context),
        content: encodeTextContent(parts, context),
        ...entry.extras,
      };
    });
  }
  return [{ role: 'system', content: encodeTextContent(system, context) }];
}

function systemRole(developer: boolean, context: EncodeContext): 'system' | 'developer' {
  return developer && context.isOpenAI ? 'developer' : 'system';
}

function encodeMessage(
  message: IrMessage,
  index: number,
  context: EncodeContext,
): { messages: OpenAIChatMessageBody[]; main: OpenAIChatMessageBody | undefined } {
  switch (message.role) {
    case 'system': {
      const texts = textsOnly(message.content, context);
      const main = {
        role: systemRole(message.developer === true, context),
        content: encodeTextContent(texts, context),
      };
      return { messages: [main], main };
    }
    case 'user':
      return encodeUser(message, index, context);
    case 'assistant': {
      const main = encodeAssistant(message, context);
      return { messages: [main], main };
    }
    default: {
      const unknown: never = message.role;
      throw new Error(`Unknown role ${String(unknown)}`);
    }
  }
}

function textsOnly(content: readonly IrPart[], context: EncodeContext): IrTextPart[] {
  const texts: IrTextPart[] = [];
  for (const part of content) {
    if (part.type === 'text') texts.push(part);
    else
      context.warnings.add(
        'dropped-block',
        'Non-text blocks in system messages were dropped.',
        'system-media',
      );
  }
  return texts;
}

function encodeUser(
  message: IrMessage,
  index: number,
  context: EncodeContext,
): { messages: OpenAIChatMessageBody[]; main: OpenAIChatMessageBody | undefined } {
  const messages: OpenAIChatMessageBody[] = [];
  const media: (readonly [IrPart, number])[] = [];
  const rest: (readonly [IrPart, number])[] = [];
  let results = 0;
  message.content.forEach((part, partIndex) => {
    if (part.type !== 'tool-result') {
      rest.push([part, partIndex]);
      return;
    }
    results += 1;
    const encoded = encodeToolResult(part, context);
    messages.push(encoded.message);
    if (encoded.media.length > 0) {
      media.push([{ type: 'text', text: `Attachments returned by tool call ${part.toolUseId}:` }, -1]);
      for (const item of encoded.media) media.push([item, -1]);
    }
  });
  if (media.length > 0) messages.push({ role: 'user', content: encodeUserContent(media, -1, context) });
  if (rest.length === 0 && results > 0) return { messages, main: undefined };
  const main = { role: 'user', content: encodeUserContent(rest, index, context) };
  messages.push(main);
  return { messages, main };
}

function encodeToolResult(
  part: IrToolResultPart,
  context: EncodeContext,
): { message: OpenAIChatMessageBody; media: IrPart[] } {
  if (part.cacheControl !== undefined && !context.isOpenAI) warnCacheControl(context);
  const texts: IrTextPart[] = [];
  const media: IrPart[] = [];
  for (const item of part.content) (item.type === 'text' ? texts : media).push(item);
  if (media.length > 0) {
    context.warnings.add(
      'degraded-block',
      'Images and documents in tool results were moved to a user message after the tool messages (tool messages take only text).',
      'tool-result-media',
    );
    if (texts.length === 0) texts.push({ type: 'text', text: '(attachments follow in the next message)' });
  }
  let content = encodeTextContent(texts, context);
  if (part.isError === true) {
    context.warnings.add(
      'degraded-field',
      'Tool error flags were sent as an "Error: " prefix (OpenAI has no is_error).',
      'tool-error',
    );
    content = prefixError(content);
  }
  return { message: { role: 'tool', tool_call_id: part.toolUseId, content }, media };
}

function prefixError(content: string | OpenAIChatContentPartBody[]): string | OpenAIChatContentPartBody[] {
  if (typeof content === 'string') return `Error: ${content}`;
  const [first, ...rest] = content;
  if (first === undefined || typeof first.text !== 'string')
    return [{ type: 'text', text: 'Error: ' }, ...content];
  return [{ ...first, text: `Error: ${first.text}` }, ...rest];
}

function encodeAssistant(message: IrMessage, context: EncodeContext): OpenAIChatMessageBody {
  const texts: IrTextPart[] = [];
  const reasoning: string[] = [];
  const toolCalls: OpenAIChatContentPartBody[] = [];
  for (const part of message.content) {
    switch (part.type) {
      case 'text':
        texts.push(part);
        break;
      case 'reasoning':
        if (context.target.replayReasoning === true) reasoning.push(part.text);
        else
          context.warnings.add(
            'dropped-reasoning',
            'Reasoning blocks of earlier turns were dropped (this upstream does not take them back).',
          );
        if (part.signature !== undefined) {
          context.warnings.add(
            'dropped-signature',
            'Reasoning signatures were dropped (only their own provider can read them).',
          );
        }
        break;
      case 'redacted-reasoning':
        context.warnings.add(
          'dropped-signature',
          'Redacted reasoning was dropped (only its own provider can read it).',
          'redacted',
        );
        break;
      case 'tool-use':
        toolCalls.push({
          id: part.id,
          type: 'function',
          function: {
            name: context.names.toUpstream(part.name),
            arguments: JSON.stringify(part.input ?? {}),
          },
        });
        break;
      case 'opaque':
        if (part.format === OPENAI_CHAT_FORMAT && part.value.type === 'custom')
          toolCalls.push({ ...part.value });
        else {
          const encoded = encodeOpaque(part, context);
          if (encoded !== undefined && typeof encoded.text === 'string')
            texts.push({ type: 'text', text: encoded.text });
        }
        break;
      case 'image':
      case 'document':
      case 'tool-result':
        context.warnings.add(
          'dropped-block',
          'Media and tool results in assistant messages were dropped.',
          'assistant-media',
        );
        break;
      default: {
        const unknown: never = part;
        throw new Error(`Unknown part ${JSON.stringify(unknown)}`);
      }
    }
  }
  const body: OpenAIChatMessageBody = {
    role: 'assistant',
    content: texts.length > 0 ? encodeTextContent(texts, context) : toolCalls.length > 0 ? null : '',
  };
  if (toolCalls.length > 0) body.tool_calls = toolCalls;
  if (reasoning.length > 0) body.reasoning_content = reasoning.join(TEXT_PART_SEPARATOR);
  return body;
}
