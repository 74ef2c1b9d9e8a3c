import { createHash } from 'node:crypto';
import type { ResponseHeaders } from './parse-rate-limit-headers.js';

/** How much of the leading prompt (system + first user message) identifies a conversation, bytes. */
export const LEADING_PROMPT_BYTES = 2048;

/**
 * The key that ties the requests of one conversation to one credential (session affinity), so the
 * upstream's prompt cache keeps hitting. First found wins:
 * 1. the `x-claude-code-session-id` request header (Claude Code);
 * 2. the session inside Anthropic `metadata.user_id`: Claude Code sends a JSON string with
 *    `session_id`, older versions `user_<hash>_account_<uuid>_session_<uuid>`;
 * 3. OpenAI's `prompt_cache_key` (Chat Completions and Responses);
 * 4. a hash of the leading prompt: system text (Anthropic `system`, OpenAI `system`/`developer`
 *    messages or `instructions`, Gemini `systemInstruction`) + the first user message's text, first
 *    {@link LEADING_PROMPT_BYTES} bytes.
 *
 * @param headers request headers, lower-case names
 * @param body the parsed request body, any of the four wire formats
 * @returns `session:<hash>`, `cache:<hash>` or `prompt:<hash>` (16 hex digits of sha256, so no
 *   client text reaches the store), or `undefined` when the request has none of these. Never throws.
 */
export function affinityKeyOf(headers: ResponseHeaders, body: unknown): string | undefined {
  const header = headers['x-claude-code-session-id'];
  const sessionHeader = (Array.isArray(header) ? header[0] : header)?.trim();
  if (sessionHeader !== undefined && sessionHeader !== '') return `session:${digest(sessionHeader)}`;

  const userId = field(field(body, 'metadata'), 'user_id');
  const session = typeof userId === 'string' ? sessionOfUserId(userId) : undefined;
  if (session !== undefined) return `session:${digest(session)}`;

  const cacheKey = field(body, 'prompt_cache_key');
  if (typeof cacheKey === 'string' && cacheKey !== '') return `cache:${digest(cacheKey)}`;

  const prompt = leadingPrompt(body);
  if (prompt === '') return undefined;
  return `prompt:${digest(Buffer.from(prompt, 'utf8').subarray(0, LEADING_PROMPT_BYTES))}`;
}

/** The session id in a Claude Code `metadata.user_id` (JSON form or `…_session_<id>` form). */
export function sessionOfUserId(userId: string): string | undefined {
  const text = userId.trim();
  if (text.startsWith('{')) {
    try {
      const sessionId = field(JSON.parse(text), 'session_id');
      return typeof sessionId === 'string' && sessionId !== '' ? sessionId : undefined;
    } catch {
      return undefined;
    }
  }
  return /_session_([\w-]+)$/.exec(text)?.[1];
}

function leadingPrompt(body: unknown): string {
  const messages = field(body, 'messages');
  const input = field(body, 'input');
  const contents = field(body, 'contents');
  const systemParts: string[] = [
    textOf(field(body, 'system')),
    textOf(field(body, 'instructions')),
    textOf(field(body, 'systemInstruction') ?? field(body, 'system_instruction')),
  ];
  let firstUser = '';
  // Anthropic / OpenAI Chat `messages`, OpenAI Responses `input` items, Gemini `contents`.
  for (const list of [messages, input, contents]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const role = field(item, 'role');
      if (role === 'system' || role === 'developer') systemParts.push(textOf(field(item, 'content')));
      else if ((role === 'user' || (role === undefined && list === contents)) && firstUser === '') {
        firstUser = textOf(field(item, 'content') ?? field(item, 'parts'));
      }
    }
  }
  if (typeof input === 'string') firstUser = input;
  const system = systemParts.filter((text) => text !== '').join('\n');
  return system === '' && firstUser === '' ? '' : `${system}\n\u0000\n${firstUser}`;
}

/** Text of a content value: a string, an array of parts with `text`, or an object with `parts`. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return value
      .map((part) => field(part, 'text'))
      .filter((text): text is string => typeof text === 'string')
      .join('\n');
  }
  const parts = field(value, 'parts');
  return Array.isArray(parts) ? textOf(parts) : '';
}

function digest(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}
