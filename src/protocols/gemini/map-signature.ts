import type { IrSignature } from '../../ir/part.js';
import { decodeAnthropicSignature, encodeAnthropicSignature } from '../anthropic/map-signature.js';
import { GEMINI_PROVIDER_ID } from './wire.js';

/**
 * The `thoughtSignature` Gemini 3 accepts on a function call it has no signature for (history made
 * by another model, or by a client that dropped signatures): it skips the check that otherwise
 * fails the request with 400. Sent only on the first function call of a model turn, where the
 * API looks for one.
 * Source: Gemini API docs, "Thought signatures" (FAQ: dummy signatures for traces from other models).
 */
export const GEMINI_SKIP_SIGNATURE = 'skip_thought_signature_validator';

/**
 * A signature as a Gemini client gets it (`thoughtSignature` on a part): Gemini's own as they
 * are, any other provider's tagged `sb1.<provider>.<value>` (the tag of
 * `anthropic/map-signature.ts`), so that it can be attributed again when the client sends the
 * part back and only ever reaches the provider that made it.
 * Source: Gemini API docs, "Thought signatures" (return them exactly as received).
 */
export function encodeGeminiClientSignature(signature: IrSignature): string {
  return encodeAnthropicSignature(signature, GEMINI_PROVIDER_ID);
}

/**
 * A `thoughtSignature` a Gemini client sent back → IR signature: `sb1.<provider>.<value>` gives
 * that provider, anything else is Gemini's (`GEMINI_PROVIDER_ID`).
 */
export function decodeGeminiClientSignature(value: string): IrSignature {
  return decodeAnthropicSignature(value, GEMINI_PROVIDER_ID);
}
