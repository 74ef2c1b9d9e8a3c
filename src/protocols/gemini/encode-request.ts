import type { IrRequest } from '../../ir/request.js';
import { WarningCollector, warnDroppedExtensions } from '../openai-chat/collect-warnings.js';
import { requestToolNames, ToolNameShortener } from '../openai-chat/shorten-tool-names.js';
import type { EncodedUpstreamRequest, UpstreamTarget } from '../protocol.js';
import { encodeGeminiContents } from './encode-contents.js';
import { encodeGeminiTools } from './encode-tools.js';
import { encodeGeminiThinkingConfig } from './map-thinking.js';
import { GEMINI_FORMAT, type GeminiLayout, readGeminiLayout } from './wire.js';

/** Longest function name the Gemini API takes by default (`DEFAULTS.geminiToolNameMaxLength`). */
export const GEMINI_TOOL_NAME_MAX_LENGTH = 64;
/** Gemini takes at most this many stop sequences (reference: `GenerationConfig.stopSequences`, "up to 5"). */
export const GEMINI_MAX_STOP_SEQUENCES = 5;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * IR request → Gemini `GenerateContentRequest` body for `target` (the model and `alt=sse` go in
 * the URL, which the caller builds from `target.model` and `request.stream`).
 *
 * | IR                          | Gemini                                                        |
 * |-----------------------------|---------------------------------------------------------------|
 * | `system`                    | `systemInstruction: {parts: [{text}…]}` (the client's `role` back when it gave one) |
 * | `messages`                  | `contents` (see `encodeGeminiContents`)                       |
 * | `tools`, `toolChoice`       | `tools`, `toolConfig.functionCallingConfig` (see `encodeGeminiTools`) |
 * | `maxTokens`                 | `generationConfig.maxOutputTokens`                            |
 * | `temperature`, `topP`, `topK` | `generationConfig.temperature`, `topP`, `topK`              |
 * | `stopSequences`             | `generationConfig.stopSequences` (the first 5, with a warning past that) |
 * | `thinking`, `effort`        | `generationConfig.thinkingConfig` (see `map-thinking.ts`)     |
 * | `userId`                    | dropped + warning (no Gemini field)                           |
 * | `extensions.gemini`         | its fields verbatim (`generationConfig`, `toolConfig` merged under the mapped ones; `_layout` never sent) |
 * | other formats' extensions   | dropped, one warning per format naming the fields (`<format>.layout` round-trip notes silently) |
 *
 * Function names past `target.maxToolNameLength` (default 64) or outside the grammar are
 * shortened reversibly; the map goes into `exchange.toolNames` for the decoders.
 * Source: Gemini API reference, "Generating content" (`models.generateContent` request body).
 */
export function encodeGeminiRequest(request: IrRequest, target: UpstreamTarget): EncodedUpstreamRequest {
  const warnings = new WarningCollector();
  const own = isRecord(request.extensions[GEMINI_FORMAT]) ? request.extensions[GEMINI_FORMAT] : {};
  const layout: GeminiLayout = readGeminiLayout(own._layout);
  const names = new ToolNameShortener(target.maxToolNameLength ?? GEMINI_TOOL_NAME_MAX_LENGTH);
  names.reserve(requestToolNames(request));

  const body: Record<string, unknown> = {};
  body.contents = encodeGeminiContents(request.messages, { target, names, warnings, layout });
  if (request.system.length > 0) {
    body.systemInstruction = {
      ...(layout.systemRole === undefined ? {} : { role: layout.systemRole }),
      parts: request.system.map((part) => ({ text: part.text })),
    };
  }
  const { tools, functionCallingConfig } = encodeGeminiTools(request, { names, warnings, layout });
  if (tools !== undefined) body.tools = tools;
  const toolConfig = { ...(isRecord(own.toolConfig) ? own.toolConfig : {}) };
  if (functionCallingConfig !== undefined) toolConfig.functionCallingConfig = functionCallingConfig;
  if (Object.keys(toolConfig).length > 0) body.toolConfig = toolConfig;

  const generationConfig: Record<string, unknown> = {
    ...(isRecord(own.generationConfig) ? own.generationConfig : {}),
  };
  if (request.maxTokens !== undefined) generationConfig.maxOutputTokens = request.maxTokens;
  if (request.temperature !== undefined) generationConfig.temperature = request.temperature;
  if (request.topP !== undefined) generationConfig.topP = request.topP;
  if (request.topK !== undefined) generationConfig.topK = request.topK;
  if (request.stopSequences.length > GEMINI_MAX_STOP_SEQUENCES) {
    warnings.add(
      'dropped-field',
      `Only the first ${GEMINI_MAX_STOP_SEQUENCES} stop sequences were sent.`,
      'stop',
    );
  }
  if (request.stopSequences.length > 0) {
    generationConfig.stopSequences = request.stopSequences.slice(0, GEMINI_MAX_STOP_SEQUENCES);
  }
  const thinkingConfig = encodeGeminiThinkingConfig(request.thinking, request.effort, layout.thinkingConfig);
  if (thinkingConfig !== undefined) generationConfig.thinkingConfig = thinkingConfig;
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  if (request.userId !== undefined) {
    warnings.add('dropped-field', 'The end-user id has no Gemini field and was dropped.', 'user-id');
  }

  for (const [key, value] of Object.entries(own)) {
    if (!key.startsWith('_') && !(key in body) && key !== 'toolConfig' && key !== 'generationConfig') {
      body[key] = value;
    }
  }
  // `<format>.layout` namespaces are other spokes' round-trip notes, not client fields.
  warnDroppedExtensions(request.extensions, GEMINI_FORMAT, 'Gemini', warnings);
  return {
    body,
    exchange: { toolNames: names.renamed, providerId: target.providerId, model: target.model },
    warnings: warnings.list(),
  };
}
