import type { IrMessage } from '../../ir/message.js';
import type { IrEffort, IrRequest, IrThinking } from '../../ir/request.js';
import type { IrWarning } from '../../ir/warning.js';
import type { EncodedUpstreamRequest, UpstreamTarget } from '../protocol.js';
import { AnthropicLayoutView } from './anthropic-layout.js';
import { encodeAnthropicContentBlock, type ContentBlockEncoding } from './encode-content-block.js';
import { encodeTextBlock } from './encode-media-block.js';
import { encodeAnthropicToolChoice, encodeAnthropicTools } from './encode-tools.js';
import { joinRest, type JsonObject } from './json-value.js';

/**
 * `max_tokens` sent when the IR has none (OpenAI lets clients leave it out; Anthropic requires
 * it). 4,096 tokens is accepted by every Claude model.
 */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** Fields the encoder writes from the IR; an `extensions.anthropic` entry never overrides them. */
const IR_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'metadata',
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'thinking',
  'output_config',
  'stream',
]);

/**
 * Encodes an IR request as an Anthropic Messages body for `target`: the inverse of
 * `decodeAnthropicRequest` (decode → encode gives the client's JSON back, key order included).
 * Fields come in Claude Code's order (model, messages, system, tools, tool_choice, metadata,
 * max_tokens, sampling, stop_sequences, thinking, then `extensions.anthropic` with
 * `output_config`, then stream) unless the layout recorded the client's order. Signatures are
 * written for `target.providerId` (see `encodeAnthropicSignature`); which reasoning to send is
 * the caller's decision. Lossy steps produce warnings: opaque parts and provider tools of other
 * formats are dropped, a missing `max_tokens` gets `DEFAULT_ANTHROPIC_MAX_TOKENS`, effort
 * `minimal` becomes `low` and `none` is left out.
 * Source: Anthropic API reference, "Messages" (create: request body).
 * @param request the IR request
 * @param target the upstream: `model` is sent as `model`
 */
export function encodeAnthropicRequest(request: IrRequest, target: UpstreamTarget): EncodedUpstreamRequest {
  const warnings: IrWarning[] = [];
  const layout = new AnthropicLayoutView(request.extensions);
  const extension: Readonly<Record<string, unknown>> = request.extensions.anthropic ?? {};
  const encoding: ContentBlockEncoding = { signatureReader: target.providerId, layout, warnings };
  const listed = (key: string): boolean => layout.keys?.includes(key) ?? false;
  const fields: JsonObject = {};
  const put = (key: string, value: unknown): void => {
    if (value !== undefined) fields[key] = value;
  };
  put('model', target.model);
  put(
    'messages',
    request.messages.map((message, index) => encodeMessage(message, index, encoding)),
  );
  put('system', 'system' in extension ? extension.system : encodeSystem(request, layout));
  const tools = encodeAnthropicTools(request.tools, layout, warnings);
  if (tools.length > 0 || listed('tools')) put('tools', tools);
  put('tool_choice', encodeAnthropicToolChoice(request.toolChoice, extension.tool_choice));
  put(
    'metadata',
    joinRest(request.userId === undefined ? undefined : { user_id: request.userId }, extension.metadata),
  );
  put('max_tokens', request.maxTokens ?? defaultMaxTokens(warnings));
  put('temperature', request.temperature);
  put('top_p', request.topP);
  put('top_k', request.topK);
  if (request.stopSequences.length > 0 || listed('stop_sequences'))
    put('stop_sequences', [...request.stopSequences]);
  put('thinking', joinRest(encodeThinking(request.thinking), extension.thinking));
  const outputConfig = joinRest(encodeEffort(request.effort, warnings), extension.output_config);
  for (const [key, value] of Object.entries(extension)) {
    if (key === 'output_config') put(key, outputConfig);
    else if (!IR_FIELDS.has(key)) put(key, value);
  }
  if (!('output_config' in fields)) put('output_config', outputConfig);
  if (request.stream || listed('stream')) put('stream', request.stream);
  return {
    body: inKeyOrder(fields, layout.keys),
    exchange: { toolNames: new Map(), providerId: target.providerId, model: target.model },
    warnings,
  };
}

function encodeMessage(message: IrMessage, index: number, encoding: ContentBlockEncoding): JsonObject {
  const first = message.content[0];
  if (encoding.layout.messageForm(index, message.content) === 'string' && first?.type === 'text') {
    return { role: message.role, content: first.text };
  }
  const content = message.content.flatMap((part) => {
    const block = encodeAnthropicContentBlock(part, encoding);
    return block === undefined ? [] : [block];
  });
  return { role: message.role, content };
}

function encodeSystem(request: IrRequest, layout: AnthropicLayoutView): unknown {
  const form = layout.systemForm(request.system);
  const first = request.system[0];
  if (form === 'absent') return undefined;
  if (form === 'string' && first !== undefined) return first.text;
  return request.system.map(encodeTextBlock);
}

function encodeThinking(thinking: IrThinking | undefined): JsonObject | undefined {
  if (thinking === undefined) return undefined;
  return thinking.type === 'enabled'
    ? { type: 'enabled', budget_tokens: thinking.budgetTokens }
    : { type: thinking.type };
}

function encodeEffort(effort: IrEffort | undefined, warnings: IrWarning[]): JsonObject | undefined {
  switch (effort) {
    case undefined:
      return undefined;
    case 'none':
      warnings.push({
        code: 'dropped-field',
        message: "Left out effort 'none': Anthropic has no such effort.",
      });
      return undefined;
    case 'minimal':
      warnings.push({
        code: 'mapped-effort',
        message: "Sent effort 'minimal' as 'low', Anthropic's lowest.",
      });
      return { effort: 'low' };
    default:
      return { effort };
  }
}

function defaultMaxTokens(warnings: IrWarning[]): number {
  warnings.push({
    code: 'defaulted-max-tokens',
    message: `The request set no output limit; sent max_tokens ${DEFAULT_ANTHROPIC_MAX_TOKENS}, which Anthropic requires.`,
  });
  return DEFAULT_ANTHROPIC_MAX_TOKENS;
}

/** `fields` with the keys listed in `order` first, in that order, then the others. */
function inKeyOrder(fields: JsonObject, order: readonly string[] | undefined): JsonObject {
  if (order === undefined) return fields;
  const ordered: JsonObject = {};
  for (const key of order) if (key in fields) ordered[key] = fields[key];
  for (const [key, value] of Object.entries(fields)) if (!(key in ordered)) ordered[key] = value;
  return ordered;
}
