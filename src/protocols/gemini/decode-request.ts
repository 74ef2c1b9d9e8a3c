import type { z } from 'zod';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrTextPart } from '../../ir/part.js';
import type { IrRequest } from '../../ir/request.js';
import type { IrWarning } from '../../ir/warning.js';
import { WarningCollector } from '../openai-chat/collect-warnings.js';
import { formatIssuePath } from '../openai-chat/format-issue-path.js';
import type { ClientExchange, InboundContext } from '../protocol.js';
import { decodeGeminiContents } from './decode-contents.js';
import { decodeGeminiToolChoice, decodeGeminiTools, otherToolConfig } from './decode-tools.js';
import { decodeGeminiThinkingConfig } from './map-thinking.js';
import { normalizeGeminiRequestKeys } from './normalize-request-keys.js';
import { GEMINI_FORMAT, type GeminiLayout, geminiGenerateContentRequestSchema } from './wire.js';

/**
 * Top-level fields mapped to the IR (`model` too: the URL's model wins, a body copy is dropped);
 * every other one goes to `extensions.gemini` verbatim.
 */
const MAPPED_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
]);
/** `generationConfig` fields mapped to the IR; the others go to `extensions.gemini.generationConfig`. */
const MAPPED_GENERATION_FIELDS: ReadonlySet<string> = new Set([
  'maxOutputTokens',
  'temperature',
  'topP',
  'topK',
  'stopSequences',
  'thinkingConfig',
]);

/** A decoded client request. */
export interface DecodedGeminiRequest {
  request: IrRequest;
  client: ClientExchange;
  warnings: IrWarning[];
}

/**
 * Gemini `generateContent` / `streamGenerateContent` request body → IR request. The model and the
 * streaming choice come from the URL (`context`).
 *
 * | Gemini                                   | IR                                                     |
 * |------------------------------------------|--------------------------------------------------------|
 * | URL model (`context.model`)              | `model`; `ClientExchange.requestedModel`               |
 * | `:streamGenerateContent` (`context.stream`) | `stream`; framing `alt=sse` → `sse`, else `json-array` |
 * | `systemInstruction.parts[].text`         | `system`                                               |
 * | `contents`                               | `messages` (see `decodeGeminiContents`)                |
 * | `tools`                                  | `tools` (see `decodeGeminiTools`)                      |
 * | `toolConfig.functionCallingConfig`       | `toolChoice` (see `decodeGeminiToolChoice`)            |
 * | `generationConfig.maxOutputTokens`       | `maxTokens`                                            |
 * | `…temperature`, `topP`, `topK`           | `temperature`, `topP`, `topK`                          |
 * | `…stopSequences`                         | `stopSequences`                                        |
 * | `…thinkingConfig`                        | `thinking`, `effort` (see `map-thinking.ts`)           |
 * | `…candidateCount` > 1                    | refused (the IR holds one answer)                      |
 * | other `generationConfig` fields (`responseMimeType`, `responseSchema`, `seed`, …) | `extensions.gemini.generationConfig` |
 * | other `toolConfig` fields                | `extensions.gemini.toolConfig`                         |
 * | other top-level fields (`safetySettings`, `cachedContent`, `labels`, …) | `extensions.gemini`, verbatim |
 *
 * snake_case field names are accepted (`normalizeGeminiRequestKeys`). What a Gemini upstream needs
 * to get the request back exactly goes to `extensions.gemini._layout` (`GeminiLayout`).
 * Usage is always reported (`includeUsage`), as Gemini sends `usageMetadata` unasked.
 * Source: Gemini API reference, "Generating content" (`models.generateContent`, `models.streamGenerateContent`).
 * @throws InvalidRequestError naming the offending field, or when the URL named no model
 */
export function decodeGeminiRequest(body: unknown, context: InboundContext = {}): DecodedGeminiRequest {
  const model = context.model;
  if (model === undefined || model === '') {
    throw new InvalidRequestError('The model is missing: call /v1beta/models/{model}:generateContent.');
  }
  const parsed = geminiGenerateContentRequestSchema.safeParse(normalizeGeminiRequestKeys(body));
  if (!parsed.success) throw new InvalidRequestError(describeIssues(parsed.error));
  const wire = parsed.data;
  const config = wire.generationConfig ?? {};
  if (config.candidateCount !== undefined && config.candidateCount > 1) {
    throw new InvalidRequestError(
      'generationConfig.candidateCount: this gateway answers with one candidate; send 1 or leave it out.',
    );
  }
  const warnings = new WarningCollector();
  const contents = decodeGeminiContents(wire.contents, warnings);
  const { tools, layout: toolLayout } = decodeGeminiTools(wire.tools ?? []);
  const { toolChoice, layout: choiceLayout } = decodeGeminiToolChoice(wire.toolConfig?.functionCallingConfig);
  const { thinking, effort } = decodeGeminiThinkingConfig(config.thinkingConfig);
  const system: IrTextPart[] = [];
  for (const part of wire.systemInstruction?.parts ?? []) {
    if (typeof part.text === 'string' && part.text !== '') system.push({ type: 'text', text: part.text });
    else
      warnings.add('dropped-block', 'systemInstruction parts other than text were dropped.', 'system-part');
  }
  const layout: GeminiLayout = {
    ...(wire.systemInstruction?.role === undefined ? {} : { systemRole: wire.systemInstruction.role }),
    ...(Object.keys(toolLayout).length > 0 ? { tools: toolLayout } : {}),
    ...(choiceLayout === undefined ? {} : { functionCallingConfig: choiceLayout }),
    ...(Object.keys(contents.functionResponses).length > 0
      ? { functionResponses: contents.functionResponses }
      : {}),
    ...(Object.keys(contents.files).length > 0 ? { files: contents.files } : {}),
    ...(config.thinkingConfig === undefined ? {} : { thinkingConfig: config.thinkingConfig }),
  };
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) {
    if (!MAPPED_FIELDS.has(key) && value !== undefined) extensions[key] = value;
  }
  const generationRest = Object.fromEntries(
    Object.entries(config).filter(
      ([key, value]) => !MAPPED_GENERATION_FIELDS.has(key) && value !== undefined,
    ),
  );
  if (Object.keys(generationRest).length > 0) extensions.generationConfig = generationRest;
  const toolConfigRest = otherToolConfig(wire.toolConfig);
  if (toolConfigRest !== undefined) extensions.toolConfig = toolConfigRest;
  if (Object.keys(layout).length > 0) extensions._layout = layout;

  const request: IrRequest = {
    model,
    system,
    messages: contents.messages,
    tools,
    ...(toolChoice === undefined ? {} : { toolChoice }),
    ...(config.maxOutputTokens === undefined ? {} : { maxTokens: config.maxOutputTokens }),
    ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
    ...(config.topP === undefined ? {} : { topP: config.topP }),
    ...(config.topK === undefined ? {} : { topK: config.topK }),
    stopSequences: config.stopSequences ?? [],
    stream: context.stream === true,
    ...(thinking === undefined ? {} : { thinking }),
    ...(effort === undefined ? {} : { effort }),
    extensions: Object.keys(extensions).length > 0 ? { [GEMINI_FORMAT]: extensions } : {},
  };
  return {
    request,
    client: { requestedModel: model, includeUsage: true, streamFraming: context.streamFraming ?? 'sse' },
    warnings: warnings.list(),
  };
}

/** `contents[2].parts[0].text: Invalid input` — the first issues of a failed parse, by field path. */
function describeIssues(error: z.ZodError): string {
  const described = error.issues
    .slice(0, 3)
    .map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
  return `Invalid generateContent request: ${described.join('; ')}.`;
}
