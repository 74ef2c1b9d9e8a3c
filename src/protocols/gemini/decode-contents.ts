import type { IrMessage } from '../../ir/message.js';
import type { IrDocumentPart, IrImagePart, IrPart, IrTextPart, IrToolResultPart } from '../../ir/part.js';
import type { WarningCollector } from '../openai-chat/collect-warnings.js';
import { decodeGeminiPart, type PartDecoder } from './decode-part.js';
import { type GeminiFileInfo, decodeInlineData } from './map-media.js';
import { markGeminiCallId } from './map-call-ids.js';
import { decodeGeminiClientSignature } from './map-signature.js';
import { GEMINI_PROVIDER_ID, type GeminiContent, type GeminiRequestPart } from './wire.js';

/** Decoded `contents`, and what the encoder needs to give them back exactly. */
export interface DecodedGeminiContents {
  readonly messages: IrMessage[];
  /** Per IR tool-use id: the client's `functionResponse` fields (besides name and id) when not `{response: {result: text}}`. */
  readonly functionResponses: Record<string, Record<string, unknown>>;
  readonly files: Record<string, GeminiFileInfo>;
}

interface PendingCall {
  readonly id: string;
  readonly name: string;
  answered: boolean;
}

type FunctionResponse = NonNullable<GeminiRequestPart['functionResponse']>;

/**
 * A client's `contents` → IR messages.
 * - `role: "model"` → assistant; `user`, `function` (the legacy role of responses) and no role → user.
 * - Parts per `decodeGeminiPart` (text, thoughts, function calls, media; the rest opaque), with
 *   signatures read by `decodeGeminiClientSignature`.
 * - A function call's `id` becomes `gemini_<id>` (`markGeminiCallId`); calls without one get
 *   `call_<n>` (n counting the request's calls from 1).
 * - `functionResponse` → tool-result for the call it answers: by `id` when it names a call,
 *   else the earliest unanswered call of that `name`; with no such call it gets a fresh id (and a
 *   warning). Its `response` becomes the result text: `result` or `output` when a string, `error`
 *   (a string) as an error result, else the whole object as JSON; `parts` images / documents
 *   follow the text.
 * - Thoughts streamed in pieces come back as several parts: an unsigned reasoning part followed by
 *   another unsigned one, or by an empty one signed by another provider than Gemini (how
 *   `encodeGeminiStream` sends a signature that arrives after the text), are joined into one.
 *   Gemini's own signatures are never moved to another part ("Thought signatures": do not merge a
 *   part with a signature into one without).
 * - Contents with no parts left are dropped.
 * Source: Gemini API reference, "Generating content" (`Content`, `Part`, `FunctionCall`,
 * `FunctionResponse`); "Function calling" guide (parallel calls, responses matched by order and name).
 */
export function decodeGeminiContents(
  contents: readonly GeminiContent[],
  warnings: WarningCollector,
): DecodedGeminiContents {
  let counter = 0;
  // Gemini ids become `gemini_<id>`, so `call_<n>` never meets one.
  const freshId = (): string => `call_${++counter}`;
  const pending: PendingCall[] = [];
  const result: DecodedGeminiContents = { messages: [], functionResponses: {}, files: {} };
  const decoder: PartDecoder = {
    signature: decodeGeminiClientSignature,
    callId: (id, name) => {
      const callId = id === undefined ? freshId() : markGeminiCallId(id);
      pending.push({ id: callId, name, answered: false });
      return callId;
    },
    toolName: (name) => name,
    files: result.files,
    warn: (code, message, kind) => warnings.add(code, message, kind),
  };

  for (const content of contents) {
    const parts: IrPart[] = [];
    for (const part of content.parts) {
      const response = part.functionResponse;
      if (response === undefined) {
        parts.push(...decodeGeminiPart(part, decoder));
        continue;
      }
      const call = matchCall(pending, response);
      const toolUseId = call?.id ?? freshId();
      if (call === undefined) {
        warnings.add(
          'unmatched-tool-result',
          'A functionResponse that answers no earlier functionCall was given an id of its own.',
        );
      }
      if (Object.keys(part).some((key) => key !== 'functionResponse')) {
        warnings.add(
          'dropped-field',
          'Fields beside functionResponse on a part were dropped.',
          'response-fields',
        );
      }
      parts.push(decodeFunctionResponse(response, toolUseId));
      const fields = responseFields(response);
      if (fields !== undefined) result.functionResponses[toolUseId] = fields;
    }
    if (parts.length > 0) {
      result.messages.push({
        role: content.role === 'model' ? 'assistant' : 'user',
        content: joinReasoning(parts),
      });
    }
  }
  return result;
}

function matchCall(pending: PendingCall[], response: FunctionResponse): PendingCall | undefined {
  const id =
    typeof response.id === 'string' && response.id !== '' ? markGeminiCallId(response.id) : undefined;
  const byId = id === undefined ? undefined : pending.find((call) => call.id === id && !call.answered);
  const call = byId ?? pending.find((candidate) => !candidate.answered && candidate.name === response.name);
  if (call !== undefined) call.answered = true;
  return call;
}

/** The text of a `functionResponse.response`, and whether it reports an error. */
function responseText(response: Readonly<Record<string, unknown>> | null | undefined): {
  text: string;
  isError: boolean;
} {
  if (response == null) return { text: '', isError: false };
  const keys = Object.keys(response);
  const [key] = keys;
  if (keys.length === 1 && key !== undefined) {
    const value = response[key];
    if ((key === 'result' || key === 'output') && typeof value === 'string')
      return { text: value, isError: false };
    if (key === 'error' && typeof value === 'string') return { text: value, isError: true };
    if (key === 'result' || key === 'output') return { text: JSON.stringify(value), isError: false };
  }
  return { text: JSON.stringify(response), isError: false };
}

function decodeFunctionResponse(response: FunctionResponse, toolUseId: string): IrToolResultPart {
  const { text, isError } = responseText(response.response);
  const content: (IrTextPart | IrImagePart | IrDocumentPart)[] = text === '' ? [] : [{ type: 'text', text }];
  for (const extra of response.parts ?? []) {
    const inline = (extra as { inlineData?: { mimeType?: unknown; data?: unknown } } | null)?.inlineData;
    if (typeof inline?.mimeType !== 'string' || typeof inline.data !== 'string') continue;
    const media = decodeInlineData({ mimeType: inline.mimeType, data: inline.data });
    if (media !== undefined) content.push(media);
  }
  return { type: 'tool-result', toolUseId, content, ...(isError ? { isError: true } : {}) };
}

/**
 * The `functionResponse` fields to give back verbatim (all but `name` and `id`), or `undefined`
 * when `{response: {result: "<text>"}}` says it all (the encoder's canonical form).
 */
function responseFields(response: FunctionResponse): Record<string, unknown> | undefined {
  const { name: _name, id: _id, ...fields } = response;
  const canonical =
    Object.keys(fields).length === 1 &&
    fields.response != null &&
    Object.keys(fields.response).length === 1 &&
    typeof fields.response.result === 'string';
  return canonical ? undefined : fields;
}

/** Joins reasoning streamed in pieces (see `decodeGeminiContents`). */
function joinReasoning(parts: readonly IrPart[]): IrPart[] {
  const out: IrPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    const joinable =
      part.type === 'reasoning' &&
      last?.type === 'reasoning' &&
      last.signature === undefined &&
      (part.signature === undefined ? part.text !== '' : part.signature.provider !== GEMINI_PROVIDER_ID);
    if (joinable && last?.type === 'reasoning' && part.type === 'reasoning') {
      out[out.length - 1] = {
        type: 'reasoning',
        text: last.text + part.text,
        ...(part.signature === undefined ? {} : { signature: part.signature }),
      };
    } else out.push(part);
  }
  return out;
}
