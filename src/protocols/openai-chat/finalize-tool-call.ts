import { createHash } from 'node:crypto';
import type { UpstreamExchange } from '../protocol.js';
import { parseToolArguments } from './parse-tool-arguments.js';

/** A tool call as assembled from an upstream answer (whole, or from stream fragments). */
export interface AssembledToolCall {
  /** Position in the answer's `tool_calls` (the fragments' `index`). */
  readonly position: number;
  readonly id: string | undefined;
  readonly name: string;
  readonly arguments: string;
}

/** What an assembled call becomes in the IR. */
export type FinalizedToolCall =
  | {
      readonly kind: 'tool';
      readonly id: string;
      /** The client's name (shortened names mapped back). */
      readonly name: string;
      readonly input: Readonly<Record<string, unknown>>;
      /** The arguments text to stream: as received when valid, else the repaired text. */
      readonly json: string;
    }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'skip' };

/**
 * Makes an IR tool call of what an upstream sent, repairing what can be repaired:
 * - no name (never sent, or empty): nothing to call — the arguments become text (`[tool call
 *   without a name] …`), or the call is skipped when it carries no arguments either;
 * - no id: `call_<hash>_<n>`, unique per answer (`n` the call's position) and across answers
 *   (`hash` of the answer id), since ids must stay unique in a conversation;
 * - arguments: `parseToolArguments` (valid kept as received; repaired with a warning; otherwise the
 *   call becomes text `[tool call <name>] <arguments>` with a warning);
 * - a name the request shortened is mapped back through `exchange.toolNames`.
 * @param answerId the upstream's answer id (`chatcmpl-…`), for generated call ids
 * @param warn receives (code, message, kind)
 */
export function finalizeToolCall(
  call: AssembledToolCall,
  exchange: UpstreamExchange,
  answerId: string,
  warn: (code: string, message: string, kind?: string) => void,
): FinalizedToolCall {
  if (call.name === '') {
    if (call.arguments.trim() === '') {
      warn(
        'malformed-tool-call',
        'An empty tool call (no name, no arguments) was ignored.',
        'empty-tool-call',
      );
      return { kind: 'skip' };
    }
    warn('malformed-tool-call', 'A tool call without a name was passed on as text.', 'nameless-tool-call');
    return { kind: 'text', text: `[tool call without a name] ${call.arguments}` };
  }
  const parsed = parseToolArguments(call.arguments);
  if (parsed.kind === 'invalid') {
    warn(
      'unparsable-tool-arguments',
      'Tool call arguments that could not be read as a JSON object were passed on as text.',
    );
    return { kind: 'text', text: `[tool call ${clientToolName(call.name, exchange)}] ${call.arguments}` };
  }
  if (parsed.kind === 'repaired') {
    warn('repaired-tool-arguments', 'Tool call arguments that were not valid JSON were repaired.');
  }
  let id = call.id;
  if (id === undefined || id === '') {
    warn('malformed-tool-call', 'Tool calls without an id were given one.', 'missing-tool-call-id');
    id = generatedToolCallId(answerId, call.position);
  }
  return {
    kind: 'tool',
    id,
    name: clientToolName(call.name, exchange),
    input: parsed.input,
    json: parsed.json,
  };
}

/** `call_<8 hex of the answer id's SHA-256>_<position>`. */
export function generatedToolCallId(answerId: string, position: number): string {
  const hash = createHash('sha256').update(answerId).digest('hex').slice(0, 8);
  return `call_${hash}_${position}`;
}

/** The client's name of a tool the upstream called (a name the request shortened, mapped back). */
export function clientToolName(name: string, exchange: UpstreamExchange): string {
  return exchange.toolNames.get(name) ?? name;
}

/**
 * Merges a tool-call name fragment into what was assembled so far: the first non-empty name is
 * taken; a repeat of the same name (servers that resend `id` and `name` on every fragment) is
 * ignored; a different name continues it (servers that stream the name in pieces).
 */
export function mergeToolName(current: string, fragment: string | null | undefined): string {
  if (fragment === undefined || fragment === null || fragment === '') return current;
  if (current === '') return fragment;
  if (fragment === current) return current;
  return current + fragment;
}

/** Tool-call `arguments` as text: a string as is; an object (some servers send one) serialised. */
export function argumentsText(value: string | Readonly<Record<string, unknown>> | null | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
