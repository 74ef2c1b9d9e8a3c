import type { UpstreamAuthStyle, UpstreamFormat } from '../config/switchboard-config.js';

/**
 * A provider is data: how an upstream of this kind is reached, authenticated and discovered.
 * Routing and translation never look at a provider's name, only at these fields.
 *
 * Source: seed 004 (claude-code-proxy's provider table: prefix, transport, key variable, default
 * base URL) and seed 002 (CLIProxyAPI's `claude-api-key` entries).
 */
export interface ProviderDefinition {
  /** Stable id, also the upstream part of `provider_id/model` references (seed 004 prefixes). */
  readonly id: string;
  /** Human name for the banner and errors. */
  readonly displayName: string;
  /** Wire format the gateway speaks to it. */
  readonly format: UpstreamFormat;
  /** Base URL used when neither config nor environment gives one; no trailing slash. */
  readonly defaultBaseUrl: string;
  readonly authStyle: UpstreamAuthStyle;
  /** Environment variable holding one API key (`DEEPSEEK_API_KEY`), for hosted providers. */
  readonly keyEnv?: string | undefined;
  /** Environment variable holding several keys, comma or space separated (`DEEPSEEK_API_KEYS`). */
  readonly keysEnv?: string | undefined;
  /** Environment variable overriding the base URL (`LM_STUDIO_BASE_URL`). */
  readonly baseUrlEnv?: string | undefined;
  /** Environment variable with this provider's outbound proxy (`OPENROUTER_PROXY`). */
  readonly proxyEnv?: string | undefined;
  /** For local servers: the TCP port probed at start-up (on 127.0.0.1). */
  readonly localPort?: number | undefined;
  /** Hostnames that identify this provider in a configured `base-url`. */
  readonly hosts?: readonly string[] | undefined;
  /** Whether it implements `POST /v1/messages/count_tokens`. */
  readonly countTokens: boolean;
  /** Known quirks, for docs and the banner. */
  readonly quirks?: readonly string[] | undefined;
}

/** Identity helper that type-checks one provider definition (one file per provider stays data). */
export function defineProvider(definition: ProviderDefinition): ProviderDefinition {
  return definition;
}
