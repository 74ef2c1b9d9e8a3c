/**
 * What the `router:` rules look at in a request (claude-code-router's rules): thinking, a
 * web-search tool, and the size of the input. Built once per request, from the raw Anthropic body
 * (fast path: nothing decoded) or from the decoded IR (every other format).
 */
import type { IrRequest } from '../ir/request.js';
import type { IrPart } from '../ir/part.js';
import type { IrTool } from '../ir/tool.js';
import { countTextTokens } from '../protocols/anthropic/count-tokens-locally.js';

/** The request features routing rules match on. */
export interface RouteSignals {
  /** Extended thinking or a reasoning effort was requested. */
  readonly thinking: boolean;
  /** The request carries a provider web-search tool. */
  readonly webSearch: boolean;
  /**
   * Size of the request body, bytes: an upper bound of its input tokens (every token is at least
   * one byte of the text it covers), so a body no larger than a threshold never needs tokenizing.
   */
  readonly inputBytes: number;
  /**
   * Estimated input tokens (integer ≥ 0): the text of the system prompt, the messages (text,
   * reasoning, tool calls and results) and the tool definitions, counted with o200k
   * (`countTextTokens`; the tokenizer loads on first use). Media are not counted. Computed on the
   * first call only, then memoised.
   */
  estimateInputTokens(): Promise<number>;
}

/**
 * Signals of a raw Anthropic Messages body (not validated beyond being an object: unexpected
 * shapes count as "absent").
 * - thinking: `thinking.type` is `enabled` or `adaptive`;
 * - web search: a tool whose `type` starts with `web_search` (`web_search_20250305`, …).
 * Source: Anthropic API reference, "Messages" (`thinking`, server tools).
 * @param json the parsed request body
 * @param rawBytes length of the body as received, bytes
 */
export function routeSignalsOfAnthropicBody(json: Record<string, unknown>, rawBytes: number): RouteSignals {
  const thinking =
    isRecord(json.thinking) && (json.thinking.type === 'enabled' || json.thinking.type === 'adaptive');
  const tools = Array.isArray(json.tools) ? json.tools.filter(isRecord) : [];
  const webSearch = tools.some((tool) => typeof tool.type === 'string' && tool.type.startsWith('web_search'));
  return lazySignals(thinking, webSearch, rawBytes, () => {
    const texts: string[] = [];
    anthropicContentText(json.system, texts);
    for (const message of Array.isArray(json.messages) ? json.messages : []) {
      if (isRecord(message)) anthropicContentText(message.content, texts);
    }
    for (const tool of tools) texts.push(JSON.stringify(tool));
    return texts;
  });
}

/**
 * Signals of a decoded request (OpenAI Chat, OpenAI Responses, Gemini clients).
 * - thinking: `request.thinking` is `enabled` / `adaptive`, or `request.effort` is set and not `none`;
 * - web search: a provider tool denoting web search — Anthropic `web_search_*` (by wire `type`),
 *   OpenAI Responses `web_search`, `web_search_preview` and their dated variants (by `type`),
 *   Gemini `googleSearch` / `google_search` / `googleSearchRetrieval` (by field name) — or OpenAI
 *   Chat's `web_search_options` (kept in the request's `openai-chat` extensions).
 * Sources: each protocol's `decode-tools.ts` (how provider tools are carried); OpenAI API
 * reference ("Responses": `tools`, "Chat Completions": `web_search_options`); Gemini API
 * reference (`Tool.googleSearch`).
 * @param request the decoded request
 * @param rawBytes length of the body as received, bytes
 */
export function routeSignalsOfIr(request: IrRequest, rawBytes: number): RouteSignals {
  const thinking =
    request.thinking?.type === 'enabled' ||
    request.thinking?.type === 'adaptive' ||
    (request.effort !== undefined && request.effort !== 'none');
  const webSearch =
    request.tools.some(isWebSearchTool) || request.extensions['openai-chat']?.web_search_options != null;
  return lazySignals(thinking, webSearch, rawBytes, () => {
    const texts = request.system.map((part) => part.text);
    for (const message of request.messages) for (const part of message.content) irPartText(part, texts);
    for (const tool of request.tools) texts.push(irToolText(tool));
    return texts;
  });
}

/**
 * Signals given outright, for the route debug endpoint (`GET /v0/route?tokens=N`): the estimate is
 * `inputTokens` and the byte bound equals it.
 * @param inputTokens input tokens to assume (integer ≥ 0)
 */
export function routeSignalsOf(fields: {
  readonly thinking: boolean;
  readonly webSearch: boolean;
  readonly inputTokens: number;
}): RouteSignals {
  const { thinking, webSearch, inputTokens } = fields;
  return {
    thinking,
    webSearch,
    inputBytes: inputTokens,
    estimateInputTokens: () => Promise.resolve(inputTokens),
  };
}

/** Gemini `Tool` fields (provider-tool names) that denote web search. */
const WEB_SEARCH_GEMINI_FIELDS = new Set([
  'googleSearch',
  'google_search',
  'googleSearchRetrieval',
  'google_search_retrieval',
]);

function isWebSearchTool(tool: IrTool): boolean {
  if (tool.type !== 'provider') return false;
  const wireType = typeof tool.value.type === 'string' ? tool.value.type : '';
  switch (tool.format) {
    case 'anthropic':
    case 'openai-responses':
      return wireType.startsWith('web_search');
    case 'gemini':
      return WEB_SEARCH_GEMINI_FIELDS.has(tool.name);
    default:
      return false;
  }
}

function lazySignals(
  thinking: boolean,
  webSearch: boolean,
  inputBytes: number,
  collectTexts: () => string[],
): RouteSignals {
  let estimate: Promise<number> | undefined;
  return {
    thinking,
    webSearch,
    inputBytes,
    estimateInputTokens: () => (estimate ??= countTextTokens(collectTexts().join('\n'))),
  };
}

/** The countable text of an Anthropic `system` or message `content` (string or blocks). */
function anthropicContentText(content: unknown, texts: string[]): void {
  if (typeof content === 'string') {
    texts.push(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (typeof block.text === 'string') texts.push(block.text);
    else if (typeof block.thinking === 'string') texts.push(block.thinking);
    else if (block.type === 'tool_use' || block.type === 'server_tool_use')
      texts.push(`${String(block.name)} ${JSON.stringify(block.input ?? {})}`);
    else if (block.type === 'tool_result') anthropicContentText(block.content, texts);
    else if (block.type === 'document' && isRecord(block.source) && block.source.type === 'text') {
      if (typeof block.source.data === 'string') texts.push(block.source.data);
    }
  }
}

function irPartText(part: IrPart, texts: string[]): void {
  switch (part.type) {
    case 'text':
    case 'reasoning':
      texts.push(part.text);
      return;
    case 'tool-use':
      texts.push(`${part.name} ${JSON.stringify(part.input ?? {})}`);
      return;
    case 'tool-result':
      for (const inner of part.content) irPartText(inner, texts);
      return;
    case 'document':
      if (part.source.kind === 'text') texts.push(part.source.data);
      return;
    case 'image':
    case 'redacted-reasoning':
    case 'opaque':
      return;
    default: {
      const unknownPart: never = part;
      throw new TypeError(`Unknown IR part ${JSON.stringify(unknownPart)}`);
    }
  }
}

function irToolText(tool: IrTool): string {
  if (tool.type === 'provider') return JSON.stringify(tool.value);
  return JSON.stringify({ name: tool.name, description: tool.description, input_schema: tool.inputSchema });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
