import type { IrResponse } from '../../ir/response.js';
import type { ClientExchange } from '../protocol.js';
import { appendClientPart, type GeminiClientPart } from './encode-client-part.js';
import { encodeGeminiFinishReason, type GeminiFinishReason } from './map-finish-reason.js';
import { encodeGeminiUsage, type GeminiUsageMetadataBody } from './map-usage.js';
import { GEMINI_FORMAT } from './wire.js';

/** `GenerateContentResponse` as sent to Gemini clients (reference: "Generating content"). */
export interface GeminiGenerateContentResponseBody {
  candidates: [
    {
      content: { role: 'model'; parts: GeminiClientPart[] };
      finishReason: GeminiFinishReason;
      index: 0;
      [field: string]: unknown;
    },
  ];
  usageMetadata: GeminiUsageMetadataBody;
  modelVersion: string;
  responseId: string;
  [field: string]: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * IR answer → Gemini `GenerateContentResponse` for the client: one candidate (`index: 0`) whose
 * `content` is `{role: "model", parts}` (parts per `appendClientPart`), `finishReason` per
 * `map-finish-reason.ts`; `usageMetadata` per `map-usage.ts`; `modelVersion` = the model that
 * answered; `responseId` = the answer id. What a Gemini upstream answered besides (kept in
 * `extensions.gemini` by `decodeGeminiResponse`: `promptFeedback`, and the candidate's
 * `groundingMetadata`, `citationMetadata`, `safetyRatings`, …) is sent back as it came.
 * Source: Gemini API reference, "Generating content" (`GenerateContentResponse`, `Candidate`).
 */
export function encodeGeminiResponse(
  response: IrResponse,
  _client: ClientExchange,
): GeminiGenerateContentResponseBody {
  const parts: GeminiClientPart[] = [];
  for (const part of response.content) appendClientPart(part, parts);
  const { candidate: candidateExtras, ...answerExtras } = isRecord(response.extensions[GEMINI_FORMAT])
    ? response.extensions[GEMINI_FORMAT]
    : {};
  return {
    candidates: [
      {
        content: { role: 'model', parts },
        finishReason: encodeGeminiFinishReason(response.finishReason),
        index: 0,
        ...(isRecord(candidateExtras) ? candidateExtras : {}),
      },
    ],
    usageMetadata: encodeGeminiUsage(response.usage),
    modelVersion: response.model,
    responseId: response.id,
    ...answerExtras,
  };
}
