import type { IrSignature } from '../../ir/part.js';

/**
 * Prefix of a signature (or redacted-thinking `data`) Switchboard minted for a provider other
 * than the one reading it: `sb1.<providerId>.<original>`. Anthropic's own signatures and redacted
 * data are base64 (no `.`), so a value starting with `sb1.` never comes from Anthropic itself.
 */
export const SIGNATURE_TAG_PREFIX = 'sb1.';

/** The provider an untagged signature is attributed to when the client sends it. */
export const CLIENT_SIGNATURE_PROVIDER = 'anthropic';

/**
 * Escapes a provider id for the tag: `%` → `%25`, `.` → `%2E`, so the first `.` after the
 * provider id always ends it.
 */
function escapeProviderId(providerId: string): string {
  return providerId.replaceAll('%', '%25').replaceAll('.', '%2E');
}

function unescapeProviderId(escaped: string): string {
  return escaped.replace(/%(25|2E)/g, (_match, code: string) => (code === '25' ? '%' : '.'));
}

/**
 * Writes a reasoning signature for the party that will read it. A signature that party made is
 * sent as it is; any other is tagged `sb1.<providerId>.<value>` so it can be attributed again
 * when it comes back (the thinking block's `signature` field has no provider on the wire). An
 * empty value carries nothing to verify and is never tagged. The one implementation of the tag:
 * the fast path (`relay-stream-event`, `adapt-anthropic-body`) and the other spokes use it too.
 * Used for thinking `signature` and for `redacted_thinking` `data` alike.
 * Source: Anthropic API reference, "Messages" (thinking blocks: `signature`).
 * @param signature who signed, and the value
 * @param readerProviderId provider id of the reader: the upstream for requests, `anthropic` (the
 *   client's own provider) for responses and streams
 * @returns the wire value
 */
export function encodeAnthropicSignature(
  signature: IrSignature,
  readerProviderId: string = CLIENT_SIGNATURE_PROVIDER,
): string {
  if (signature.provider === readerProviderId || signature.value === '') return signature.value;
  return `${SIGNATURE_TAG_PREFIX}${escapeProviderId(signature.provider)}.${signature.value}`;
}

/**
 * Reads a wire signature: `sb1.<providerId>.<original>` gives that provider and the original
 * value; anything else (a malformed tag included) belongs to `defaultProvider`.
 * Source: Anthropic API reference, "Messages" (thinking blocks: `signature`).
 * @param value the wire `signature` (or redacted `data`)
 * @param defaultProvider who made an untagged value: `anthropic` for client requests, the
 *   upstream's provider id for its answers
 */
export function decodeAnthropicSignature(
  value: string,
  defaultProvider: string = CLIENT_SIGNATURE_PROVIDER,
): IrSignature {
  if (value.startsWith(SIGNATURE_TAG_PREFIX)) {
    const end = value.indexOf('.', SIGNATURE_TAG_PREFIX.length);
    if (end > SIGNATURE_TAG_PREFIX.length) {
      const provider = unescapeProviderId(value.slice(SIGNATURE_TAG_PREFIX.length, end));
      return { provider, value: value.slice(end + 1) };
    }
  }
  return { provider: defaultProvider, value };
}
