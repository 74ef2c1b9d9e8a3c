import type { IrRequest } from '../../ir/request.js';
import type { EncodedUpstreamRequest, UpstreamTarget } from '../protocol.js';
import { WarningCollector, warnDroppedExtensions } from './collect-warnings.js';
import type { EncodeContext } from './encode-context.js';
import { asRecord, OPENAI_PROVIDER_ID, readLayout } from './encode-context.js';
import { encodeOpenAIChatMessages } from './encode-messages.js';
import { encodeTools } from './encode-tools.js';
import { encodeReasoningEffort } from './map-thinking.js';
import { OPENAI_TOOL_NAME_MAX_LENGTH, requestToolNames, ToolNameShortener } from './shorten-tool-names.js';
import { OPENAI_CHAT_FORMAT } from './wire.js';

/** OpenAI accepts at most this many stop sequences (reference: `stop`, "Up to 4 sequences"). */
export const OPENAI_MAX_STOP_SEQUENCES = 4;

/**
 * IR request → OpenAI Chat Completions body for `target`.
 *
 * | IR                          | OpenAI                                                          |
 * |-----------------------------|-----------------------------------------------------------------|
 * | `system`, `messages`        | `messages` (see `encodeOpenAIChatMessages`)                     |
 * | `tools`, `toolChoice`       | `tools`, `tool_choice`, `parallel_tool_calls` (see `encodeTools`) |
 * | `maxTokens`                 | `max_completion_tokens` for OpenAI, `max_tokens` for the others |
 * | `temperature`, `topP`       | `temperature`, `top_p`                                          |
 * | `topK`                      | dropped + warning (not in the reference)                        |
 * | `stopSequences`             | `stop` (array; OpenAI gets the first 4, with a warning)         |
 * | `stream`                    | `stream: true` + `stream_options.include_usage: true` (usage always asked for) |
 * | `thinking`, `effort`        | `reasoning_effort` (see `map-thinking.ts`)                      |
 * | `userId`                    | `user`                                                          |
 * | `extensions['openai-chat']` | its fields, verbatim (keys starting with `_` excepted)          |
 * | other formats' extensions   | dropped, one warning per format naming the fields               |
 *
 * Tool names outside OpenAI's grammar are shortened (`shorten-tool-names.ts`); the map goes into
 * `exchange.toolNames` for the decoders.
 * Source: OpenAI API reference, "Create chat completion".
 */
export function encodeOpenAIChatRequest(request: IrRequest, target: UpstreamTarget): EncodedUpstreamRequest {
  const warnings = new WarningCollector();
  const own = asRecord(request.extensions[OPENAI_CHAT_FORMAT]) ?? {};
  const names = new ToolNameShortener(target.maxToolNameLength ?? OPENAI_TOOL_NAME_MAX_LENGTH);
  names.reserve(requestToolNames(request));
  // This spoke also reserves provider tools' names (its own custom tools are sent under them).
  names.reserve(request.tools.flatMap((tool) => (tool.type === 'provider' ? [tool.name] : [])));
  const context: EncodeContext = {
    target,
    isOpenAI: target.providerId === OPENAI_PROVIDER_ID,
    names,
    warnings,
    layout: readLayout(own._layout),
  };

  const body: Record<string, unknown> = { model: target.model };
  body.messages = encodeOpenAIChatMessages(request, context);
  Object.assign(body, encodeTools(request, context));
  if (request.maxTokens !== undefined) {
    body[context.isOpenAI ? 'max_completion_tokens' : 'max_tokens'] = request.maxTokens;
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined)
    warnings.add('dropped-field', 'top_k has no OpenAI Chat equivalent and was dropped.', 'top-k');
  if (request.stopSequences.length > 0) {
    const limited = context.isOpenAI && request.stopSequences.length > OPENAI_MAX_STOP_SEQUENCES;
    if (limited)
      warnings.add(
        'dropped-field',
        `Only the first ${OPENAI_MAX_STOP_SEQUENCES} stop sequences were sent.`,
        'stop',
      );
    body.stop = limited
      ? request.stopSequences.slice(0, OPENAI_MAX_STOP_SEQUENCES)
      : [...request.stopSequences];
  }
  const effort = encodeReasoningEffort(request.thinking, request.effort, target.providerId);
  if (effort !== undefined) body.reasoning_effort = effort;
  if (request.userId !== undefined) body.user = request.userId;

  for (const [key, value] of Object.entries(own)) {
    if (!key.startsWith('_') && !(key in body) && key !== 'stream_options') body[key] = value;
  }
  if (request.stream) {
    body.stream = true;
    body.stream_options = { ...asRecord(own.stream_options), include_usage: true };
  }
  warnDroppedExtensions(request.extensions, OPENAI_CHAT_FORMAT, 'OpenAI Chat', warnings);
  return {
    body,
    exchange: { toolNames: names.renamed, providerId: target.providerId, model: target.model },
    warnings: warnings.list(),
  };
}
