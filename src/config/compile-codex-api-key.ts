import { findProvider } from '../providers/catalog.js';
import type { EntryCompileContext } from './entry-compile-context.js';
import { compileKeyedApiKeyEntries, type KeyedApiKeySection } from './compile-keyed-api-key.js';
import type { RawCodexApiKeyEntry } from './schema.js';
import type { UpstreamConfig } from './switchboard-config.js';

/** OpenAI's API: the upstream of a `codex-api-key` entry with no `base-url`. */
const OPENAI_PROVIDER_ID = 'openai';
const OPENAI_PROVIDER = findProvider(OPENAI_PROVIDER_ID);

/** `codex-api-key`: OpenAI's Responses API, or a relay whose host names another provider. */
const CODEX_API_KEY_SECTION: KeyedApiKeySection = {
  section: 'codex-api-key',
  format: 'openai-responses',
  authStyle: 'bearer',
  providerId: OPENAI_PROVIDER_ID,
  provider: OPENAI_PROVIDER,
  defaultBaseUrl: OPENAI_PROVIDER?.defaultBaseUrl ?? 'https://api.openai.com/v1',
  providerFromBaseUrl: true,
};

/**
 * Compiles the `codex-api-key` items (seed 002, CLIProxyAPI) into `openai-responses`
 * upstreams (OpenAI's Responses API, `POST {base}/responses`). Provider: the one the base URL's
 * host (or local port) identifies, else `openai` (no `base-url`, OpenAI's host, or a relay of
 * OpenAI's API). Id = `name`, else `prefix`, else that provider id (a generated id that is taken
 * gets `-2`, `-3`, …); base URL = `base-url` without trailing slashes, or
 * `https://api.openai.com/v1` when empty; keys sent as `Authorization: Bearer` (no credential
 * header without one); `count-tokens` off; every `anthropic-beta` dropped; quirks from the
 * provider (64-character tool names) plus `max-tokens`. Items sharing a `name`, or unnamed with
 * the same base URL and `prefix`, are one upstream with all their keys (see
 * `compileKeyedApiKeyEntries`).
 */
export function compileCodexApiKeyEntries(
  entries: readonly RawCodexApiKeyEntry[],
  context: EntryCompileContext,
): UpstreamConfig[] {
  return compileKeyedApiKeyEntries(entries, context, CODEX_API_KEY_SECTION);
}
