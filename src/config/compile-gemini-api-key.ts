import { findProvider } from '../providers/catalog.js';
import type { EntryCompileContext } from './entry-compile-context.js';
import { compileKeyedApiKeyEntries, type KeyedApiKeySection } from './compile-keyed-api-key.js';
import type { RawGeminiApiKeyEntry } from './schema.js';
import type { UpstreamConfig } from './switchboard-config.js';

/** Google's Gemini API: the provider of every `gemini-api-key` entry. */
const GEMINI_PROVIDER_ID = 'gemini';
const GEMINI_PROVIDER = findProvider(GEMINI_PROVIDER_ID);

/** `gemini-api-key`: always provider `gemini`, whatever host `base-url` names. */
const GEMINI_API_KEY_SECTION: KeyedApiKeySection = {
  section: 'gemini-api-key',
  format: 'gemini',
  authStyle: 'x-goog-api-key',
  providerId: GEMINI_PROVIDER_ID,
  provider: GEMINI_PROVIDER,
  defaultBaseUrl: GEMINI_PROVIDER?.defaultBaseUrl ?? 'https://generativelanguage.googleapis.com',
  providerFromBaseUrl: false,
};

/**
 * Compiles the `gemini-api-key` items (seed 002, CLIProxyAPI) into `gemini`-format
 * upstreams of provider `gemini`: id = `name`, else `prefix`, else `gemini` (a generated id that
 * is taken gets `-2`, `-3`, …); base URL = `base-url` without trailing slashes, or Google's API
 * (`https://generativelanguage.googleapis.com`; the protocol adds `/v1beta/models/…`) when empty;
 * keys sent as `x-goog-api-key` (no credential header without one); `count-tokens` off (counted
 * locally); every `anthropic-beta` dropped; quirks (64-character function names) from the
 * catalog's `gemini` provider plus `max-tokens`. Items sharing a `name`, or unnamed with the same
 * base URL and `prefix`, are one upstream with all their keys (see `compileKeyedApiKeyEntries`).
 */
export function compileGeminiApiKeyEntries(
  entries: readonly RawGeminiApiKeyEntry[],
  context: EntryCompileContext,
): UpstreamConfig[] {
  return compileKeyedApiKeyEntries(entries, context, GEMINI_API_KEY_SECTION);
}
