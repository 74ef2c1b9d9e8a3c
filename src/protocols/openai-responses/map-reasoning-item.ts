import type { IrReasoningPart, IrSignature } from '../../ir/part.js';
import { decodeAnthropicSignature, SIGNATURE_TAG_PREFIX } from '../anthropic/map-signature.js';

/**
 * Reasoning items ↔ IR reasoning parts.
 *
 * An OpenAI reasoning item (`{"type":"reasoning","id":"rs_…","summary":[{"type":"summary_text",
 * "text"}],"encrypted_content"}`) becomes an IR reasoning part whose `text` is the summary texts
 * joined by a blank line, and whose `signature` carries what OpenAI needs to continue the
 * reasoning when the conversation comes back (with `store: false`, only `encrypted_content`
 * carries the reasoning): `{provider, value}` where `value` is the **packed state**
 * `base64(JSON.stringify({id, encrypted_content}))` (either key absent when the item had none;
 * base64 so the value is valid in every wire field that carries signatures, Gemini's byte-typed
 * `thoughtSignature` included). `provider` is the upstream's provider id for answers, `openai` for
 * reasoning items a client replays.
 *
 * Towards Responses clients, reasoning of any provider travels in `encrypted_content`: OpenAI's own
 * (JSON answers) as the original `id` and `encrypted_content`; anything else as the tag
 * `sb1.<provider>.<signature value>` (the format of `anthropic/map-signature.ts`), and redacted
 * reasoning as `sbr1.<provider>.<data>` — so an Anthropic thinking signature survives a Responses
 * client and reaches Anthropic again.
 * Source: OpenAI "Reasoning" guide ("Encrypted reasoning items": `include:
 * ["reasoning.encrypted_content"]` with `store: false`); API reference `ResponseReasoningItem`.
 */

/** Provider a client's untagged reasoning item is attributed to. */
export const OPENAI_SIGNATURE_PROVIDER = 'openai';
/** Separator of summary parts joined into one IR text. */
export const REASONING_SUMMARY_SEPARATOR = '\n\n';
/** Tag prefix of redacted reasoning handed to Responses clients. */
export const REDACTED_TAG_PREFIX = 'sbr1.';

/** What OpenAI needs back to continue a reasoning item. */
export interface OpenAIReasoningState {
  readonly id?: string | undefined;
  readonly encryptedContent?: string | undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Packs a reasoning item's `id` and `encrypted_content` into a signature value (see module docs). */
export function packReasoningState(state: OpenAIReasoningState): string {
  const json: Record<string, string> = {};
  if (state.id !== undefined) json.id = state.id;
  if (state.encryptedContent !== undefined) json.encrypted_content = state.encryptedContent;
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64');
}

/**
 * Reads a packed signature value.
 * @returns the state, or `undefined` when the value is not one `packReasoningState` made
 */
export function unpackReasoningState(value: string): OpenAIReasoningState | undefined {
  if (value === '' || !BASE64.test(value)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const { id, encrypted_content: encrypted, ...rest } = json as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return undefined;
  if (id !== undefined && typeof id !== 'string') return undefined;
  if (encrypted !== undefined && typeof encrypted !== 'string') return undefined;
  if (id === undefined && encrypted === undefined) return undefined;
  return { id, encryptedContent: encrypted };
}

/**
 * The signature of a reasoning item an upstream answered with.
 * @returns `undefined` when the item has neither id nor encrypted content
 */
export function upstreamReasoningSignature(
  id: string | null | undefined,
  encryptedContent: string | null | undefined,
  providerId: string,
): IrSignature | undefined {
  if (id == null && encryptedContent == null) return undefined;
  return {
    provider: providerId,
    value: packReasoningState({ id: id ?? undefined, encryptedContent: encryptedContent ?? undefined }),
  };
}

/** What a reasoning item a client replays stands for. */
export type ClientReasoning =
  | { readonly kind: 'signed'; readonly signature: IrSignature }
  | { readonly kind: 'redacted'; readonly provider: string; readonly data: string }
  | { readonly kind: 'unsigned' };

/**
 * Reads the `id` / `encrypted_content` of a reasoning item a client sent: a `sbr1.` tag →
 * redacted reasoning of that provider; a `sb1.` tag → that provider's signature value; anything
 * else → OpenAI's state, packed.
 */
export function decodeClientReasoning(
  id: string | null | undefined,
  encryptedContent: string | null | undefined,
): ClientReasoning {
  if (encryptedContent != null) {
    if (encryptedContent.startsWith(REDACTED_TAG_PREFIX)) {
      const tagged = SIGNATURE_TAG_PREFIX + encryptedContent.slice(REDACTED_TAG_PREFIX.length);
      const signature = decodeAnthropicSignature(tagged, OPENAI_SIGNATURE_PROVIDER);
      if (signature.value !== tagged) {
        return { kind: 'redacted', provider: signature.provider, data: signature.value };
      }
    } else if (encryptedContent.startsWith(SIGNATURE_TAG_PREFIX)) {
      const signature = decodeAnthropicSignature(encryptedContent, OPENAI_SIGNATURE_PROVIDER);
      if (signature.value !== encryptedContent) return { kind: 'signed', signature };
    }
  }
  const signature = upstreamReasoningSignature(id, encryptedContent, OPENAI_SIGNATURE_PROVIDER);
  return signature === undefined ? { kind: 'unsigned' } : { kind: 'signed', signature };
}

/** `id` and `encrypted_content` of a reasoning item sent to a client. */
export interface ClientReasoningFields {
  readonly id: string;
  readonly encrypted_content?: string;
}

/**
 * The `id` / `encrypted_content` a client gets for a reasoning part (inverse of
 * `decodeClientReasoning`).
 * @param generatedId the id to use unless the original OpenAI id is given back
 * @param original give OpenAI's own state back as it was (id and raw `encrypted_content`); else
 *   every signature is tagged and the item keeps `generatedId` (streams, whose item id is fixed
 *   before the signature is known)
 */
export function clientReasoningFields(
  signature: IrSignature | undefined,
  generatedId: string,
  original: boolean,
): ClientReasoningFields {
  if (signature === undefined || signature.value === '') return { id: generatedId };
  if (original && signature.provider === OPENAI_SIGNATURE_PROVIDER) {
    const state = unpackReasoningState(signature.value);
    if (state?.id !== undefined) {
      return state.encryptedContent === undefined
        ? { id: state.id }
        : { id: state.id, encrypted_content: state.encryptedContent };
    }
  }
  return {
    id: generatedId,
    encrypted_content: tag(SIGNATURE_TAG_PREFIX, signature.provider, signature.value),
  };
}

/** `encrypted_content` carrying redacted reasoning to a client: `sbr1.<provider>.<data>`. */
export function clientRedactedContent(provider: string, data: string): string {
  return tag(REDACTED_TAG_PREFIX, provider, data);
}

/**
 * The state to send an upstream for a reasoning part it signed.
 * @returns `undefined` when another provider signed it, or its value is not a packed state
 */
export function upstreamReasoningState(
  signature: IrSignature | undefined,
  providerId: string,
): OpenAIReasoningState | undefined {
  if (signature === undefined || signature.provider !== providerId) return undefined;
  return unpackReasoningState(signature.value);
}

/** Joins summary (or content) texts into one IR text; `lengths` lets the encoder split it again. */
export function joinReasoningTexts(texts: readonly string[]): { text: string; lengths: number[] } {
  return { text: texts.join(REASONING_SUMMARY_SEPARATOR), lengths: texts.map((text) => text.length) };
}

/**
 * Splits an IR reasoning text back into the parts it was joined from, when `lengths` still fit it;
 * else one part (none for an empty text).
 */
export function splitReasoningText(text: string, lengths: readonly number[] | undefined): string[] {
  if (lengths !== undefined && lengths.length > 1) {
    const total = lengths.reduce((sum, length) => sum + length, 0);
    if (total + REASONING_SUMMARY_SEPARATOR.length * (lengths.length - 1) === text.length) {
      const parts: string[] = [];
      let offset = 0;
      for (const length of lengths) {
        parts.push(text.slice(offset, offset + length));
        offset += length + REASONING_SUMMARY_SEPARATOR.length;
      }
      return parts;
    }
  }
  if (lengths !== undefined && lengths.length === 1 && lengths[0] === 0 && text === '') return [''];
  return text === '' ? [] : [text];
}

/** `<prefix><provider with % and . escaped>.<value>`, as `anthropic/map-signature.ts` tags. */
function tag(prefix: string, provider: string, value: string): string {
  return `${prefix}${provider.replaceAll('%', '%25').replaceAll('.', '%2E')}.${value}`;
}

/**
 * A `reasoning` output item an upstream answered with → IR reasoning: the summary texts joined
 * (the `reasoning_text` content when there is no summary), signed by `providerId` with the packed
 * `id` / `encrypted_content`.
 */
export function reasoningPartOfOutputItem(
  item: {
    readonly id?: string | null | undefined;
    readonly encrypted_content?: string | null | undefined;
    readonly summary?: readonly { readonly text?: string | null | undefined }[] | null | undefined;
    readonly content?: readonly { readonly text?: string | null | undefined }[] | null | undefined;
  },
  providerId: string,
): IrReasoningPart {
  const texts = (list: typeof item.summary): string[] =>
    (list ?? []).flatMap((part) => (typeof part.text === 'string' ? [part.text] : []));
  const summary = texts(item.summary);
  const { text } = joinReasoningTexts(summary.length > 0 ? summary : texts(item.content));
  const signature = upstreamReasoningSignature(item.id, item.encrypted_content, providerId);
  return signature === undefined ? { type: 'reasoning', text } : { type: 'reasoning', text, signature };
}
