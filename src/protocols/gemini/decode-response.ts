import { randomUUID } from 'node:crypto';
import type { IrPart } from '../../ir/part.js';
import type { IrResponse } from '../../ir/response.js';
import { EMPTY_IR_USAGE } from '../../ir/usage.js';
import { WarningCollector } from '../openai-chat/collect-warnings.js';
import { decodeUnexpectedAnswer } from '../openai-chat/decode-upstream-error.js';
import { clientToolName, generatedToolCallId } from '../openai-chat/finalize-tool-call.js';
import type { DecodeOptions, UpstreamExchange } from '../protocol.js';
import { decodeGeminiPart, type PartDecoder } from './decode-part.js';
import { markGeminiCallId } from './map-call-ids.js';
import { decodeGeminiFinishReason } from './map-finish-reason.js';
import { decodeGeminiUsage } from './map-usage.js';
import { GEMINI_FORMAT, geminiGenerateContentResponseSchema } from './wire.js';

/** Top-level answer fields the IR maps; the others go to `extensions.gemini` (e.g. `promptFeedback`). */
const MAPPED_FIELDS: ReadonlySet<string> = new Set([
  'candidates',
  'usageMetadata',
  'modelVersion',
  'responseId',
]);
/** Candidate fields the IR maps; the others go to `extensions.gemini.candidate` (`groundingMetadata`, …). */
const MAPPED_CANDIDATE_FIELDS: ReadonlySet<string> = new Set(['content', 'finishReason', 'index']);

/**
 * A part decoder for an upstream's answer: signatures belong to `exchange.providerId`; a call's
 * `id` becomes `gemini_<id>` (`markGeminiCallId`), a call without one gets
 * `call_<hash of the answer id>_<n>`; shortened function names are mapped back.
 * @param answerId the answer's id (for generated call ids)
 */
export function upstreamPartDecoder(
  exchange: UpstreamExchange,
  answerId: string,
  warn: (code: string, message: string, kind?: string) => void,
): PartDecoder {
  let calls = 0;
  return {
    signature: (value) => ({ provider: exchange.providerId, value }),
    callId: (id) => {
      const position = calls++;
      return id === undefined ? generatedToolCallId(answerId, position) : markGeminiCallId(id);
    },
    toolName: (name) => clientToolName(name, exchange),
    files: {},
    warn,
  };
}

/**
 * Upstream `GenerateContentResponse` → IR answer. Only `candidates[0]` is read.
 * - parts per `decodeGeminiPart` (thoughts → reasoning, text, function calls → tool-use with
 *   their `thoughtSignature`, images → image parts, the rest opaque), signatures attributed to
 *   `exchange.providerId` (see `upstreamPartDecoder` for call ids and names);
 * - `finishReason` per `map-finish-reason.ts`; an answer without candidates whose prompt was
 *   blocked (`promptFeedback.blockReason`) → `refusal`, no content;
 * - `usageMetadata` per `map-usage.ts`; `responseId` → id (else generated); `modelVersion` → model
 *   (else the model sent);
 * - other answer fields (`promptFeedback`, …) → `extensions.gemini`; other fields of the candidate
 *   (`groundingMetadata`, `citationMetadata`, `safetyRatings`, `finishMessage`, …) →
 *   `extensions.gemini.candidate` (the Gemini response encoder sends both back).
 * Source: Gemini API reference, "Generating content" (`GenerateContentResponse`, `Candidate`).
 * @throws GatewayError (502) when the body is an error envelope or not an answer
 */
export function decodeGeminiResponse(
  body: unknown,
  exchange: UpstreamExchange,
  options: DecodeOptions = {},
): IrResponse {
  const parsed = geminiGenerateContentResponseSchema.safeParse(body);
  if (!parsed.success || (typeof body === 'object' && body !== null && 'error' in body)) {
    throw decodeUnexpectedAnswer(body, exchange.providerId, 'a Gemini answer');
  }
  const answer = parsed.data;
  const warnings = new WarningCollector();
  const id = answer.responseId ?? randomUUID();
  const decoder = upstreamPartDecoder(exchange, id, (code, message, kind) =>
    warnings.add(code, message, kind),
  );
  const candidates = answer.candidates ?? [];
  if (candidates.length > 1)
    warnings.add('dropped-block', 'Candidates after the first were ignored.', 'candidates');
  const candidate = candidates[0];
  const content: IrPart[] = [];
  for (const part of candidate?.content?.parts ?? []) content.push(...decodeGeminiPart(part, decoder));
  const blocked = candidate === undefined && answer.promptFeedback?.blockReason != null;
  const finishReason = blocked
    ? 'refusal'
    : decodeGeminiFinishReason(
        candidate?.finishReason,
        content.some((part) => part.type === 'tool-use'),
      );

  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(answer)) {
    if (!MAPPED_FIELDS.has(key) && value != null) extensions[key] = value;
  }
  const candidateRest = Object.fromEntries(
    Object.entries(candidate ?? {}).filter(
      ([key, value]) => !MAPPED_CANDIDATE_FIELDS.has(key) && value != null,
    ),
  );
  if (Object.keys(candidateRest).length > 0) extensions.candidate = candidateRest;
  for (const warning of warnings.list()) options.onWarning?.(warning);
  return {
    id,
    model: answer.modelVersion ?? exchange.model,
    content,
    finishReason,
    usage: answer.usageMetadata == null ? EMPTY_IR_USAGE : decodeGeminiUsage(answer.usageMetadata),
    extensions: Object.keys(extensions).length > 0 ? { [GEMINI_FORMAT]: extensions } : {},
  };
}
