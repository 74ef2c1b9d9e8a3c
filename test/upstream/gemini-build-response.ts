// Turns a scripted FakeGeminiMessageReply into a response plan, then into the JSON the Gemini API sends: one
// `GenerateContentResponse` ("Generating content", models.generateContent) or the chunk sequence of
// models.streamGenerateContent. Key order and the omission of zero counts follow the recorded responses in
// __fixtures__/gemini-* (proto3 JSON leaves out zero-valued fields, so early chunks have no
// `candidatesTokenCount`).
import { splitIntoChunks } from './build-message-events.js';
import {
  DEFAULT_GEMINI_THOUGHT_SIGNATURE,
  type FakeGeminiFinishReason,
  type FakeGeminiFunctionCall,
  type FakeGeminiMessageReply,
  type FakeGeminiUsage,
} from './fake-gemini-reply.js';

/** Everything a response needs, resolved once: ids, parts with their signatures, finish reason and usage. */
export interface GeminiResponsePlan {
  /** `responseId`, the same on every chunk of a stream. */
  responseId: string;
  /** `modelVersion`: the model named in the request path. */
  modelVersion: string;
  thought?: { text: string; signature?: string };
  text?: { text: string; signature?: string };
  functionCalls: FakeGeminiFunctionCall[];
  finishReason: FakeGeminiFinishReason;
  usage: FakeGeminiUsage;
  /** Intermediate chunks carry running `usageMetadata` (the live API's behaviour). */
  usageOnEveryChunk: boolean;
}

/** Per-request facts for {@link planGeminiResponse}. */
export interface PlanGeminiResponseInput {
  responseId: string;
  modelVersion: string;
  /** ceil(request body characters / 4). */
  promptTokenCount: number;
}

/**
 * Resolves a reply: the thought signature goes on the first function call without its own signature, else on
 * the text part, else on the thought part; token counts are ceil(characters / 4) (function calls count their
 * name and JSON arguments), `totalTokenCount` = prompt + candidates + thoughts; `usage` overrides any of them.
 */
export function planGeminiResponse(
  reply: FakeGeminiMessageReply,
  input: PlanGeminiResponseInput,
): GeminiResponsePlan {
  const functionCalls = (reply.functionCalls ?? []).map((call) => ({ ...call }));
  let thought: GeminiResponsePlan['thought'];
  let text: GeminiResponsePlan['text'] = reply.text === undefined ? undefined : { text: reply.text };
  if (reply.thoughts !== undefined) {
    const signature = reply.thoughts.signature ?? DEFAULT_GEMINI_THOUGHT_SIGNATURE;
    const firstCall = functionCalls[0];
    thought = { text: reply.thoughts.text };
    if (firstCall !== undefined) {
      if (firstCall.thoughtSignature === undefined) firstCall.thoughtSignature = signature;
    } else if (text !== undefined) text = { ...text, signature };
    else thought = { ...thought, signature };
  }
  const candidateCharacters =
    (text?.text.length ?? 0) +
    functionCalls.reduce((sum, call) => sum + call.name.length + JSON.stringify(call.args).length, 0);
  const overrides = reply.usage ?? {};
  const promptTokenCount = overrides.promptTokenCount ?? input.promptTokenCount;
  const candidatesTokenCount = overrides.candidatesTokenCount ?? Math.ceil(candidateCharacters / 4);
  const thoughtsTokenCount = overrides.thoughtsTokenCount ?? Math.ceil((thought?.text.length ?? 0) / 4);
  const usage: FakeGeminiUsage = {
    promptTokenCount,
    candidatesTokenCount,
    totalTokenCount:
      overrides.totalTokenCount ?? promptTokenCount + candidatesTokenCount + thoughtsTokenCount,
    thoughtsTokenCount,
    cachedContentTokenCount: overrides.cachedContentTokenCount ?? 0,
  };
  const plan: GeminiResponsePlan = {
    responseId: input.responseId,
    modelVersion: input.modelVersion,
    functionCalls,
    finishReason: reply.finishReason ?? 'STOP',
    usage,
    usageOnEveryChunk: reply.usageOnEveryChunk ?? false,
  };
  if (thought !== undefined) plan.thought = thought;
  if (text !== undefined) plan.text = text;
  return plan;
}

/**
 * The `GenerateContentResponse` of models.generateContent: `candidates: [{content: {parts, role: "model"},
 * finishReason, index: 0}]`, `usageMetadata`, `modelVersion`, `responseId`. Parts in order: the thought
 * (`{text, thought: true}`), the answer text, the function calls; `content` has no `parts` when there is none.
 */
export function buildGenerateContentResponse(plan: GeminiResponsePlan): Record<string, unknown> {
  const parts: Record<string, unknown>[] = [];
  if (plan.thought !== undefined) parts.push(thoughtPart(plan.thought.text, plan.thought.signature));
  if (plan.text !== undefined) parts.push(textPart(plan.text.text, plan.text.signature));
  for (const call of plan.functionCalls) parts.push(functionCallPart(call));
  return buildResponse(plan, parts, plan.finishReason, plan.usage);
}

/**
 * The chunks of models.streamGenerateContent, each a whole `GenerateContentResponse` with one part: thought
 * pieces, then answer pieces (`chunkSize` characters each), then one chunk per function call. The thought
 * signature rides where {@link planGeminiResponse} put it: the first function call, else the first answer
 * piece, else the last thought piece.
 * `finishReason` and the final `usageMetadata` are on the last chunk; earlier chunks have running usage with
 * `usageOnEveryChunk`, else none. A reply with no part at all is one chunk whose `content` has no `parts`.
 */
export function buildStreamChunks(plan: GeminiResponsePlan, chunkSize: number): Record<string, unknown>[] {
  const pieces: { part: Record<string, unknown>; thoughtCharacters: number; candidateCharacters: number }[] =
    [];
  if (plan.thought !== undefined) {
    const thoughtPieces = splitIntoChunks(plan.thought.text, chunkSize);
    thoughtPieces.forEach((piece, position) => {
      const signature = position === thoughtPieces.length - 1 ? plan.thought?.signature : undefined;
      pieces.push({
        part: thoughtPart(piece, signature),
        thoughtCharacters: piece.length,
        candidateCharacters: 0,
      });
    });
  }
  if (plan.text !== undefined) {
    splitIntoChunks(plan.text.text, chunkSize).forEach((piece, position) => {
      const signature = position === 0 ? plan.text?.signature : undefined;
      pieces.push({
        part: textPart(piece, signature),
        thoughtCharacters: 0,
        candidateCharacters: piece.length,
      });
    });
  }
  for (const call of plan.functionCalls) {
    const characters = call.name.length + JSON.stringify(call.args).length;
    pieces.push({ part: functionCallPart(call), thoughtCharacters: 0, candidateCharacters: characters });
  }
  if (pieces.length === 0) return [buildResponse(plan, [], plan.finishReason, plan.usage)];
  let thoughtCharacters = 0;
  let candidateCharacters = 0;
  return pieces.map((piece, position) => {
    thoughtCharacters += piece.thoughtCharacters;
    candidateCharacters += piece.candidateCharacters;
    if (position === pieces.length - 1)
      return buildResponse(plan, [piece.part], plan.finishReason, plan.usage);
    const usage = plan.usageOnEveryChunk
      ? runningUsage(plan.usage, thoughtCharacters, candidateCharacters)
      : undefined;
    return buildResponse(plan, [piece.part], undefined, usage);
  });
}

/**
 * `usageMetadata` as the API writes it: `promptTokenCount`, `candidatesTokenCount`, `totalTokenCount`,
 * `cachedContentTokenCount`, `promptTokensDetails: [{modality: "TEXT", tokenCount}]`, `thoughtsTokenCount`,
 * each count left out when zero.
 */
export function buildUsageMetadata(usage: FakeGeminiUsage): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  if (usage.promptTokenCount > 0) metadata['promptTokenCount'] = usage.promptTokenCount;
  if (usage.candidatesTokenCount > 0) metadata['candidatesTokenCount'] = usage.candidatesTokenCount;
  if (usage.totalTokenCount > 0) metadata['totalTokenCount'] = usage.totalTokenCount;
  if (usage.cachedContentTokenCount > 0) metadata['cachedContentTokenCount'] = usage.cachedContentTokenCount;
  if (usage.promptTokenCount > 0) {
    metadata['promptTokensDetails'] = [{ modality: 'TEXT', tokenCount: usage.promptTokenCount }];
  }
  if (usage.thoughtsTokenCount > 0) metadata['thoughtsTokenCount'] = usage.thoughtsTokenCount;
  return metadata;
}

function buildResponse(
  plan: GeminiResponsePlan,
  parts: Record<string, unknown>[],
  finishReason: FakeGeminiFinishReason | undefined,
  usage: FakeGeminiUsage | undefined,
): Record<string, unknown> {
  const content: Record<string, unknown> = parts.length > 0 ? { parts, role: 'model' } : { role: 'model' };
  const candidate: Record<string, unknown> = { content };
  if (finishReason !== undefined) candidate['finishReason'] = finishReason;
  candidate['index'] = 0;
  const response: Record<string, unknown> = { candidates: [candidate] };
  if (usage !== undefined) response['usageMetadata'] = buildUsageMetadata(usage);
  response['modelVersion'] = plan.modelVersion;
  response['responseId'] = plan.responseId;
  return response;
}

function thoughtPart(text: string, signature: string | undefined): Record<string, unknown> {
  return signature === undefined
    ? { text, thought: true }
    : { text, thought: true, thoughtSignature: signature };
}

function textPart(text: string, signature: string | undefined): Record<string, unknown> {
  return signature === undefined ? { text } : { text, thoughtSignature: signature };
}

function functionCallPart(call: FakeGeminiFunctionCall): Record<string, unknown> {
  const functionCall: Record<string, unknown> = { name: call.name, args: call.args };
  if (call.id !== undefined) functionCall['id'] = call.id;
  const part: Record<string, unknown> = { functionCall };
  if (call.thoughtSignature !== undefined) part['thoughtSignature'] = call.thoughtSignature;
  return part;
}

/** The usage after the given output characters: counts so far, capped at the final ones. */
function runningUsage(
  final: FakeGeminiUsage,
  thoughtCharacters: number,
  candidateCharacters: number,
): FakeGeminiUsage {
  const thoughtsTokenCount = Math.min(final.thoughtsTokenCount, Math.ceil(thoughtCharacters / 4));
  const candidatesTokenCount = Math.min(final.candidatesTokenCount, Math.ceil(candidateCharacters / 4));
  return {
    ...final,
    candidatesTokenCount,
    thoughtsTokenCount,
    totalTokenCount: final.promptTokenCount + candidatesTokenCount + thoughtsTokenCount,
  };
}
