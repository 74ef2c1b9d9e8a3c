import type { IrWarning } from '../../ir/warning.js';
import { decodeAnthropicSignature } from './map-signature.js';

/** What the target upstream can take, for the same-format fast path. */
export interface AnthropicBodyTarget {
  /** The model id sent upstream. */
  readonly model: string;
  /** Signature family of the upstream (`signatureFamilyOf`). */
  readonly family: string;
  /** Largest `max_tokens` the upstream model takes (tokens), when known. */
  readonly maxOutputTokens?: number | undefined;
  /** Whether the upstream takes `tool_reference` blocks, `defer_loading` and tool-search tools. */
  readonly toolSearch: boolean;
  /** `false`: strip the request's extended thinking (per-tier switch); `undefined`: leave it. */
  readonly thinkingAllowed?: boolean | undefined;
}

/** The adapted body; `changed` false means the original bytes can be sent as they are. */
export interface AnthropicBodyAdaptation {
  readonly body: Record<string, unknown>;
  readonly changed: boolean;
  readonly warnings: IrWarning[];
}

/** Smallest `budget_tokens` Anthropic accepts (reference "Extended thinking"). */
const MIN_THINKING_BUDGET = 1024;

type Block = Record<string, unknown>;
type Message = { role?: unknown; content?: unknown } & Record<string, unknown>;

/**
 * Adapts a same-format (Anthropic → Anthropic-format upstream) request body to its target, copying
 * only what changes:
 * - `model` → the upstream's model;
 * - `max_tokens` above the model's limit → clamped (and `thinking.budget_tokens` kept below it);
 * - thinking signature policy: a `thinking` / `redacted_thinking` block is sent back only to the
 *   family that signed it (gateway tags `sb1.<family>.` are removed on the way); others are
 *   dropped. When the final assistant turn of a tool loop is left without its leading thinking
 *   block, thinking is turned off for the request (Anthropic requires that block when it is on);
 * - no tool search upstream: `tool_reference` blocks → text, `defer_loading` removed, tool-search
 *   tools removed;
 * - per-tier thinking switch off → `thinking` removed.
 * Every change adds a warning. Source: Anthropic API reference "Messages", "Extended thinking"
 * (thinking with tool use), "Tool search tool".
 */
export function adaptAnthropicBody(
  body: Record<string, unknown>,
  target: AnthropicBodyTarget,
): AnthropicBodyAdaptation {
  const warnings: IrWarning[] = [];
  const out: Record<string, unknown> = { ...body };
  let changed = false;
  if (out.model !== target.model) {
    out.model = target.model;
    changed = true;
  }
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  const signatures = applySignaturePolicy(messages, target.family, warnings);
  const references = target.toolSearch
    ? { messages: signatures.messages, changed: false }
    : degradeToolReferences(signatures.messages, warnings);
  if (signatures.changed || references.changed) {
    out.messages = references.messages;
    changed = true;
  }
  if (!target.toolSearch && Array.isArray(body.tools)) {
    const tools = adaptTools(body.tools as Block[], warnings);
    if (tools !== body.tools) {
      out.tools = tools;
      changed = true;
    }
  }
  if (out.thinking !== undefined && target.thinkingAllowed === false) {
    delete out.thinking;
    warnings.push({ code: 'thinking-disabled', message: 'extended thinking is switched off for this tier' });
    changed = true;
  } else if (out.thinking !== undefined && finalToolTurnLacksThinking(references.messages)) {
    delete out.thinking;
    warnings.push({
      code: 'thinking-disabled',
      message:
        'the final assistant tool-use turn has no thinking block the upstream can verify; thinking is off for this request',
    });
    changed = true;
  }
  changed = clampMaxTokens(out, target.maxOutputTokens, warnings) || changed;
  return { body: changed ? out : body, changed, warnings };
}

function applySignaturePolicy(
  messages: Message[],
  family: string,
  warnings: IrWarning[],
): { messages: Message[]; changed: boolean } {
  let dropped = 0;
  let changed = false;
  const adapted = messages.map((message) => {
    if (message.role !== 'assistant' || !Array.isArray(message.content)) return message;
    let touched = false;
    const content: Block[] = [];
    for (const block of message.content as Block[]) {
      const field =
        block.type === 'thinking' ? 'signature' : block.type === 'redacted_thinking' ? 'data' : undefined;
      if (field === undefined) {
        content.push(block);
        continue;
      }
      const raw = typeof block[field] === 'string' ? (block[field] as string) : '';
      const read = decodeAnthropicSignature(raw);
      if (read.provider !== family || read.value === '') {
        dropped += 1;
        touched = true;
        continue;
      }
      if (read.value !== raw) {
        content.push({ ...block, [field]: read.value });
        touched = true;
      } else content.push(block);
    }
    if (!touched) return message;
    changed = true;
    return { ...message, content };
  });
  if (dropped > 0) {
    warnings.push({
      code: 'dropped-signature',
      message: `${dropped} thinking block(s) signed by another provider (or unsigned) were not sent to a '${family}' upstream`,
    });
  }
  return { messages: changed ? adapted : messages, changed };
}

function degradeToolReferences(
  messages: Message[],
  warnings: IrWarning[],
): { messages: Message[]; changed: boolean } {
  let count = 0;
  const degrade = (blocks: Block[]): Block[] | undefined => {
    let touched = false;
    const out = blocks.map((block) => {
      if (block.type === 'tool_reference') {
        count += 1;
        touched = true;
        return { type: 'text', text: `Tool reference: ${String(block.tool_name ?? '')}` };
      }
      if (block.type === 'tool_result' && Array.isArray(block.content)) {
        const inner = degrade(block.content as Block[]);
        if (inner) {
          touched = true;
          return { ...block, content: inner };
        }
      }
      return block;
    });
    return touched ? out : undefined;
  };
  let changed = false;
  const adapted = messages.map((message) => {
    if (!Array.isArray(message.content)) return message;
    const content = degrade(message.content as Block[]);
    if (!content) return message;
    changed = true;
    return { ...message, content };
  });
  if (count > 0) {
    warnings.push({
      code: 'degraded-block',
      message: `${count} tool_reference block(s) sent as text: the upstream has no tool search`,
    });
  }
  return { messages: changed ? adapted : messages, changed };
}

function adaptTools(tools: Block[], warnings: IrWarning[]): Block[] {
  let deferred = 0;
  let dropped = 0;
  const adapted: Block[] = [];
  for (const tool of tools) {
    if (typeof tool.type === 'string' && tool.type.startsWith('tool_search_tool')) {
      dropped += 1;
      continue;
    }
    if ('defer_loading' in tool) {
      const { defer_loading: _deferred, ...plain } = tool;
      adapted.push(plain);
      deferred += 1;
      continue;
    }
    adapted.push(tool);
  }
  if (dropped > 0)
    warnings.push({
      code: 'dropped-tool',
      message: `${dropped} tool-search tool(s) removed: the upstream has no tool search`,
    });
  if (deferred > 0)
    warnings.push({
      code: 'dropped-field',
      message: `defer_loading removed from ${deferred} tool(s): the upstream has no tool search`,
    });
  return dropped + deferred > 0 ? adapted : tools;
}

/** True when the request continues a tool loop whose assistant turn does not start with thinking. */
function finalToolTurnLacksThinking(messages: readonly Message[]): boolean {
  const last = messages.at(-1);
  const previous = messages.at(-2);
  if (!last || !previous || last.role !== 'user' || previous.role !== 'assistant') return false;
  const hasToolResult =
    Array.isArray(last.content) && (last.content as Block[]).some((block) => block.type === 'tool_result');
  if (!hasToolResult || !Array.isArray(previous.content)) return false;
  const blocks = previous.content as Block[];
  const usesTools = blocks.some((block) => block.type === 'tool_use');
  const first = blocks[0]?.type;
  return usesTools && first !== 'thinking' && first !== 'redacted_thinking';
}

function clampMaxTokens(
  out: Record<string, unknown>,
  limit: number | undefined,
  warnings: IrWarning[],
): boolean {
  if (limit === undefined || typeof out.max_tokens !== 'number' || out.max_tokens <= limit) return false;
  warnings.push({
    code: 'clamped-max-tokens',
    message: `max_tokens ${out.max_tokens} clamped to the model's limit ${limit}`,
  });
  out.max_tokens = limit;
  const thinking = out.thinking as { type?: unknown; budget_tokens?: unknown } | undefined;
  if (
    thinking?.type === 'enabled' &&
    typeof thinking.budget_tokens === 'number' &&
    thinking.budget_tokens >= limit
  ) {
    const budget = limit - 1;
    if (budget < MIN_THINKING_BUDGET) {
      delete out.thinking;
      warnings.push({
        code: 'thinking-disabled',
        message: `max_tokens ${limit} leaves no room for a thinking budget`,
      });
    } else out.thinking = { ...thinking, budget_tokens: budget };
  }
  return true;
}
