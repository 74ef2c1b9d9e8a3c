import type { IrRequest } from '../../ir/request.js';
import { WarningCollector, warnDroppedExtensions } from '../openai-chat/collect-warnings.js';
import { encodeReasoningEffort } from '../openai-chat/map-thinking.js';
import {
  OPENAI_TOOL_NAME_MAX_LENGTH,
  requestToolNames,
  ToolNameShortener,
} from '../openai-chat/shorten-tool-names.js';
import type { EncodedUpstreamRequest, UpstreamTarget } from '../protocol.js';
import type { ResponsesEncodeContext } from './encode-context.js';
import { OPENAI_PROVIDER_ID } from './encode-context.js';
import { encodeOpenAIResponsesInput } from './encode-input.js';
import { encodeResponsesTools } from './encode-tools.js';
import { asRecord, readOpenAIResponsesLayout } from './read-layout.js';
import { OPENAI_RESPONSES_FORMAT } from './wire.js';

/** What `include` must hold for reasoning to come back encrypted (stateless multi-turn). */
export const ENCRYPTED_REASONING_INCLUDE = 'reasoning.encrypted_content';

/** Extension keys this encoder sets itself rather than copying. */
const OWN_KEYS: ReadonlySet<string> = new Set(['store', 'include', 'reasoning', 'stream_options', 'stream']);

/**
 * IR request → OpenAI Responses body for `target` (OpenAI, Codex models: Responses-only endpoints).
 *
 * | IR                               | Responses                                                  |
 * |----------------------------------|------------------------------------------------------------|
 * | `system`, `messages`             | `instructions`, `input` (see `encodeOpenAIResponsesInput`) |
 * | `tools`, `toolChoice`            | `tools`, `tool_choice`, `parallel_tool_calls` (see `encodeResponsesTools`) |
 * | `maxTokens`                      | `max_output_tokens`                                        |
 * | `temperature`, `topP`            | `temperature`, `top_p`                                     |
 * | `topK`, `stopSequences`          | dropped + warning (Responses has neither)                  |
 * | `thinking`, `effort`             | `reasoning: {effort, summary: "auto"}` (effort by the chat spoke's table, `openai-chat/map-thinking.ts`; the client's own `reasoning` keys win) and `include: ["reasoning.encrypted_content"]` unless the effort is `none` |
 * | `userId`                         | `user` (`safety_identifier` when the client used that)     |
 * | `stream`                         | `stream: true`                                             |
 * | —                                | `store: false` always (Switchboard stores nothing; a client's `store: true` is overridden, with a warning) |
 * | `extensions['openai-responses']` | its fields, verbatim (keys starting with `_` excepted)     |
 * | other formats' extensions        | dropped, one warning per format naming the fields          |
 *
 * Source: OpenAI API reference, "Create a model response"; "Reasoning" guide ("Encrypted
 * reasoning items").
 */
export function encodeOpenAIResponsesRequest(
  request: IrRequest,
  target: UpstreamTarget,
): EncodedUpstreamRequest {
  const warnings = new WarningCollector();
  const own = asRecord(request.extensions[OPENAI_RESPONSES_FORMAT]) ?? {};
  const names = new ToolNameShortener(target.maxToolNameLength ?? OPENAI_TOOL_NAME_MAX_LENGTH);
  names.reserve(requestToolNames(request));
  const context: ResponsesEncodeContext = {
    target,
    isOpenAI: target.providerId === OPENAI_PROVIDER_ID,
    names,
    warnings,
    layout: readOpenAIResponsesLayout(own._layout),
  };

  const body: Record<string, unknown> = { model: target.model };
  Object.assign(body, encodeOpenAIResponsesInput(request, context));
  Object.assign(body, encodeResponsesTools(request, context));
  if (request.maxTokens !== undefined) body.max_output_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined)
    warnings.add('dropped-field', 'top_k has no Responses equivalent and was dropped.', 'top-k');
  if (request.stopSequences.length > 0) {
    warnings.add('dropped-field', 'Stop sequences have no Responses equivalent and were dropped.', 'stop');
  }
  const effort = encodeReasoningEffort(request.thinking, request.effort, target.providerId);
  const reasoning = asRecord(own.reasoning);
  const thinks = effort !== undefined && effort !== 'none';
  if (effort !== undefined || reasoning !== undefined) {
    body.reasoning = {
      ...(thinks ? { summary: 'auto' } : {}),
      ...reasoning,
      ...(effort === undefined ? {} : { effort }),
    };
  }
  const include = Array.isArray(own.include) ? [...(own.include as unknown[])] : [];
  if (thinks && !include.includes(ENCRYPTED_REASONING_INCLUDE)) include.push(ENCRYPTED_REASONING_INCLUDE);
  if (include.length > 0 || Array.isArray(own.include)) body.include = include;
  if (request.userId !== undefined) {
    body[context.layout.userField === 'safety_identifier' ? 'safety_identifier' : 'user'] = request.userId;
  }
  for (const [key, value] of Object.entries(own)) {
    if (!key.startsWith('_') && !(key in body) && !OWN_KEYS.has(key)) body[key] = value;
  }
  if (own.store === true) {
    warnings.add(
      'overridden-field',
      'store: true was sent as store: false (Switchboard stores no responses).',
    );
  }
  body.store = false;
  if (request.stream) {
    body.stream = true;
    if (own.stream_options !== undefined) body.stream_options = own.stream_options;
  }
  warnDroppedExtensions(request.extensions, OPENAI_RESPONSES_FORMAT, 'OpenAI Responses', warnings);
  return {
    body,
    exchange: { toolNames: names.renamed, providerId: target.providerId, model: target.model },
    warnings: warnings.list(),
  };
}
