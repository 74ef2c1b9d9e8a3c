import { createHash } from 'node:crypto';
import type { IrRequest } from '../../ir/request.js';

/** OpenAI's tool (function) name grammar: `^[a-zA-Z0-9_-]{1,64}$` (openai-node `FunctionDefinition.name`). */
export const OPENAI_TOOL_NAME_MAX_LENGTH = 64;

const VALID_CHARACTERS = /^[a-zA-Z0-9_-]+$/;
const INVALID_CHARACTER = /[^a-zA-Z0-9_-]/g;
/** `_` + 8 hex digits. */
const HASH_SUFFIX_LENGTH = 9;
/** Shortest limit the scheme works with (one character of prefix + the suffix). */
const MIN_MAX_LENGTH = HASH_SUFFIX_LENGTH + 1;

/**
 * Whether `name` fits OpenAI's grammar and `maxLength`.
 * @param maxLength longest accepted name, characters
 */
export function isValidToolName(name: string, maxLength: number = OPENAI_TOOL_NAME_MAX_LENGTH): boolean {
  return name.length >= 1 && name.length <= maxLength && VALID_CHARACTERS.test(name);
}

/**
 * A deterministic grammar-valid stand-in for `name`: the name with every character outside
 * `[a-zA-Z0-9_-]` replaced by `_`, cut to leave room, then `_` and 8 hex digits of the SHA-256 of
 * the original (and of `attempt`, when a previous attempt collided). E.g.
 * `mcp__github__create_or_update_file_contents_in_repository_branch` →
 * `mcp__github__create_or_update_file_contents_in_repos_1a2b3c4d`.
 * @param maxLength longest accepted name (at least 10 is used)
 * @param attempt 0 first; higher after a collision
 */
export function shortenToolName(name: string, maxLength: number, attempt = 0): string {
  const limit = Math.max(MIN_MAX_LENGTH, maxLength);
  const hash = createHash('sha256')
    .update(attempt === 0 ? name : `${name}\u0000${attempt}`)
    .digest('hex')
    .slice(0, HASH_SUFFIX_LENGTH - 1);
  const prefix = name.replace(INVALID_CHARACTER, '_').slice(0, limit - HASH_SUFFIX_LENGTH) || 'tool';
  return `${prefix}_${hash}`;
}

/**
 * Renames tool names an OpenAI-format upstream would reject (too long, or with `.`, `:`, spaces,
 * non-ASCII — e.g. long MCP tool names), reversibly and uniquely within one request. Register every
 * valid name first (`reserve`) so a shortened name never takes a name the request already uses;
 * then `toUpstream` each name wherever it appears (tool definitions, `tool_choice`, assistant
 * `tool_calls`). `renamed` maps upstream names back to the client's, for the decoders.
 */
export class ToolNameShortener {
  private readonly maxLength: number;
  private readonly byClient = new Map<string, string>();
  private readonly taken = new Set<string>();
  private readonly upstreamToClient = new Map<string, string>();

  /** @param maxLength longest name the upstream accepts (default 64, OpenAI's limit) */
  constructor(maxLength: number = OPENAI_TOOL_NAME_MAX_LENGTH) {
    this.maxLength = Math.max(MIN_MAX_LENGTH, maxLength);
  }

  /** Marks valid names as used by the request as they are (call with every name before `toUpstream`). */
  reserve(names: Iterable<string>): void {
    for (const name of names) if (isValidToolName(name, this.maxLength)) this.taken.add(name);
  }

  /** The name to send upstream for a client name (the same name when it is valid). */
  toUpstream(clientName: string): string {
    if (isValidToolName(clientName, this.maxLength)) {
      this.taken.add(clientName);
      return clientName;
    }
    const known = this.byClient.get(clientName);
    if (known !== undefined) return known;
    let attempt = 0;
    let candidate = shortenToolName(clientName, this.maxLength, attempt);
    while (this.taken.has(candidate)) candidate = shortenToolName(clientName, this.maxLength, ++attempt);
    this.taken.add(candidate);
    this.byClient.set(clientName, candidate);
    this.upstreamToClient.set(candidate, clientName);
    return candidate;
  }

  /** Upstream name → client name, for every name that was changed. */
  get renamed(): ReadonlyMap<string, string> {
    return this.upstreamToClient;
  }
}

/**
 * The names a request already uses for function tools, as written: its function tool definitions,
 * a `tool_choice` naming one, and its `tool-use` parts (for `ToolNameShortener.reserve`).
 */
export function requestToolNames(request: IrRequest): string[] {
  const names: string[] = [];
  for (const tool of request.tools) if (tool.type === 'function') names.push(tool.name);
  if (request.toolChoice?.type === 'tool') names.push(request.toolChoice.name);
  for (const message of request.messages) {
    for (const part of message.content) if (part.type === 'tool-use') names.push(part.name);
  }
  return names;
}
