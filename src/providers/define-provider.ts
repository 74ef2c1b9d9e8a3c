import type { UpstreamAuthStyle, UpstreamFormat } from '../config/switchboard-config.js';

/**
 * A provider is data: how an upstream of this kind is reached, authenticated and discovered, and
 * which quirks the protocol spokes adapt to. Routing and translation never look at a provider's
 * name, only at these fields. One file per provider (`src/providers/<id>.ts`), listed by `catalog.ts`.
 *
 * Source: seed 004 (claude-code-proxy's provider table: prefix, transport, key variables, default
 * base URL, `*_API_KEYS`, `*_KEY_USAGE_LIMIT`, `*_PROXY`) and seed 002 (CLIProxyAPI's
 * `claude-api-key`, `openai-compatibility`, `gemini-api-key` and `codex-api-key` entries); each
 * provider file names its own docs.
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
  /**
   * Environment variable with the number of successful requests after which a key pool rotates to
   * the next key (`GROQ_KEY_USAGE_LIMIT`; 0 = no proactive rotation). Validated now, used by key pools.
   */
  readonly keyUsageLimitEnv?: string | undefined;
  /** Environment variable overriding the base URL (`LM_STUDIO_BASE_URL`, `GROQ_BASE_URL`). */
  readonly baseUrlEnv?: string | undefined;
  /** Environment variable with this provider's outbound proxy (`OPENROUTER_PROXY`). */
  readonly proxyEnv?: string | undefined;
  /**
   * Environment variable that, when true (`1`, `true`, `yes`), makes this provider's environment
   * upstream speak OpenAI's Responses API (`openai-responses`) instead of {@link format}
   * (`OPENAI_RESPONSES`). Blank or unset = `format`; another value is a config error.
   */
  readonly responsesEnv?: string | undefined;
  /** For local servers: the TCP port probed at start-up (on 127.0.0.1). */
  readonly localPort?: number | undefined;
  /** Hostnames that identify this provider in a configured `base-url`. */
  readonly hosts?: readonly string[] | undefined;
  /** Whether it implements `POST /v1/messages/count_tokens`. */
  readonly countTokens: boolean;
  /**
   * The provider requires earlier reasoning to be sent back on tool-call turns (`reasoning_content`
   * on assistant messages: Kimi, DeepSeek), else it answers 400 or reasons worse.
   */
  readonly replayReasoning?: boolean | undefined;
  /** Longest tool name the provider accepts, characters (OpenAI-format providers and Gemini: 64). */
  readonly maxToolNameLength?: number | undefined;
  /**
   * Largest `max_tokens` per upstream model id, tokens, where the provider documents one (each
   * number cites its source in the provider file). A request asking for more is lowered to it.
   */
  readonly maxOutputTokens?: Readonly<Record<string, number>> | undefined;
  /** Reasoning arrives inside `content` wrapped in `<think>…</think>` tags (no `reasoning_content`). */
  readonly thinkTags?: boolean | undefined;
  /** URL of the provider's API documentation (the source of this definition). */
  readonly docs?: string | undefined;
  /** Known quirks, for docs and the banner. */
  readonly quirks?: readonly string[] | undefined;
}

/** Identity helper that type-checks one provider definition (one file per provider stays data). */
export function defineProvider(definition: ProviderDefinition): ProviderDefinition {
  return definition;
}
