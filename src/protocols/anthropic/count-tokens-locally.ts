import type { AnthropicCountTokensRequest } from './wire.js';

type Tokenizer = (text: string) => number;
let tokenizer: Promise<Tokenizer> | undefined;

/**
 * Loads the tokenizer on first use (gpt-tokenizer's o200k_base BPE: a well-kept pure-JS
 * tokenizer; its rank table is large, so it is not loaded at start-up).
 */
function loadTokenizer(): Promise<Tokenizer> {
  tokenizer ??= import('gpt-tokenizer').then((module) => (text: string) => module.countTokens(text));
  return tokenizer;
}

/**
 * Estimates `input_tokens` of a count_tokens request without calling an upstream: the text of the
 * system prompt, every message's content blocks (text, tool inputs and results as JSON) and the
 * tool definitions (name, description, JSON schema) are tokenized with o200k_base, plus a small
 * per-message and per-tool overhead. An estimate: Claude's own tokenizer is not public.
 * Source: Anthropic API reference, "Count tokens in a message" (response `input_tokens`).
 * @returns estimated input tokens (integer ≥ 1)
 */
export async function countTokensLocally(request: AnthropicCountTokensRequest): Promise<number> {
  const count = await loadTokenizer();
  const MESSAGE_OVERHEAD = 4;
  const TOOL_OVERHEAD = 8;
  const media = { blocks: 0 };
  let total = 0;
  if (request.system !== undefined) total += count(textOf(request.system, media));
  for (const message of request.messages) total += MESSAGE_OVERHEAD + count(textOf(message.content, media));
  total += media.blocks * MEDIA_BLOCK_TOKENS;
  for (const tool of request.tools ?? []) total += TOOL_OVERHEAD + count(JSON.stringify(tool));
  return Math.max(1, total);
}

/**
 * Tokens counted for one image or binary document block: Anthropic's image guide puts a
 * full-size image at about (width × height) / 750 ≈ 1,600 tokens; dimensions are not decoded here.
 */
const MEDIA_BLOCK_TOKENS = 1600;

/**
 * The countable text of a content value: strings as they are, blocks by their text-bearing
 * fields; image and base64 document blocks are counted in `media.blocks` instead.
 */
function textOf(content: unknown, media: { blocks: number }): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return JSON.stringify(content ?? '');
  let text = '';
  for (const block of content) {
    if (typeof block !== 'object' || block === null) continue;
    const fields = block as Record<string, unknown>;
    if (typeof fields.text === 'string') text += `${fields.text}\n`;
    else if (typeof fields.thinking === 'string') text += `${fields.thinking}\n`;
    else if (fields.type === 'tool_use')
      text += `${String(fields.name)} ${JSON.stringify(fields.input ?? {})}\n`;
    else if (fields.type === 'tool_result') text += `${textOf(fields.content, media)}\n`;
    else if (fields.type === 'image' || fields.type === 'document') media.blocks += 1;
    else text += `${JSON.stringify(fields)}\n`;
  }
  return text;
}

/**
 * Estimates the tokens of a text with the o200k tokenizer (for formats whose count endpoint the
 * gateway answers locally, such as Gemini's `countTokens`).
 * @returns tokens (integer ≥ 0)
 */
export async function countTextTokens(text: string): Promise<number> {
  const count = await loadTokenizer();
  return count(text);
}
