import { DEFAULT_COOLDOWN_POLICY } from '../routing/cooldown-policy.js';
import { DEFAULTS } from './switchboard-config.js';

const COOLDOWN = DEFAULT_COOLDOWN_POLICY;
const LIMITS = DEFAULTS.limits;
const TIMEOUTS = DEFAULTS.timeouts;

/** Commented `cooldown` rows: `key: <default seconds>` then the meaning, aligned; no key = a continuation. */
function cooldownRows(rows: readonly (readonly [string, number | undefined, string])[]): string {
  return rows
    .map(([key, ms, meaning]) => {
      const setting = key === '' || ms === undefined ? '' : `${key}: ${ms / 1000}`;
      return `#                      ${setting.padEnd(34)}${meaning}`;
    })
    .join('\n');
}

/**
 * The `config.yaml` written to `<home>/config.yaml` on first start (mode 0600). Every key is
 * documented; only `host` and `port` are set, so it loads as: listen on 127.0.0.1:8317, no inbound
 * keys, no upstreams from the file (environment keys and discovered local servers still apply).
 * Keys and units follow CLIProxyAPI (seed 002), so its files load here too.
 */
export const DEFAULT_CONFIG_YAML = `# Switchboard configuration.
# Keys follow CLIProxyAPI's config.yaml. Every key is optional; a commented key shows its default.
# This file may hold API keys: keep it private (chmod 600).

# Address to listen on. "127.0.0.1" keeps the gateway on this machine; "" means all interfaces.
# Any address other than loopback (127.x.x.x, localhost, ::1) requires api-keys below.
# The --host flag overrides it.
host: 127.0.0.1

# TCP port to listen on (1-65535). The --port flag overrides it.
port: 8317

# Keys clients must send (x-api-key, or Authorization: Bearer). Empty = no inbound auth, which is
# allowed only when host is a loopback address.
# api-keys:
#   - "a-long-random-secret"

# Verbose logging (never logs credentials).
# debug: false

# Extra attempts for a failed upstream call, only before the first byte reached the client.
# request-retry: 3

# Upper bound of one retry delay, in seconds.
# max-retry-interval: 30

# First delay before a retry when the upstream gave no hint, in seconds; doubles per retry. The
# PROVIDER_MAX_RETRIES, PROVIDER_RETRY_MAX_DELAY and PROVIDER_RETRY_BASE_DELAY environment
# variables override request-retry, max-retry-interval and retry-base-delay.
# retry-base-delay: ${DEFAULTS.retryBaseDelayMs / 1000}

# Timeouts of upstream HTTP calls, in seconds; 0, "", "none" or no value = wait forever. The
# HTTP_CONNECT_TIMEOUT, HTTP_WRITE_TIMEOUT and HTTP_READ_TIMEOUT environment variables override
# them (blank, 0 or none = wait forever).
# timeouts:
#   connect: ${TIMEOUTS.connectMs / 1000}
#   write: ${TIMEOUTS.writeMs / 1000}
#   read: ${TIMEOUTS.readMs / 1000}                       # longest wait for the next bytes of an answer

# Outbound proxy for every upstream without its own proxy-url: http://, https:// or socks5:// URL.
# proxy-url: "socks5://user:pass@192.168.1.1:1080"

# Largest request body accepted, in MiB.
# body-limit-mb: 32

# On Ctrl-C / SIGTERM, how long in-flight streams may finish, in seconds.
# shutdown-grace-seconds: 10

# List non-Claude models under a "claude-"-prefixed id in GET /v1/models, so Claude Code's model
# picker shows them.
# claude-code-model-ids: true

# Probe local servers (Ollama :11434, LM Studio :1234, llama.cpp :8080, vLLM :8000) at start.
# discover-local: true

# Which model serves each Claude Code tier: "upstream/model" (e.g. deepseek/deepseek-chat) or a
# bare model name or alias. "" = unset. The MODEL_OPUS, MODEL_SONNET, MODEL_HAIKU and MODEL
# environment variables override these.
# model-routing:
#   opus: ""
#   sonnet: ""
#   haiku: ""
#   default: ""

# Routing rules (claude-code-router style): the model ("upstream/model" or a name) that takes
# such requests; "" = unset. Checked in this order: long-context, web-search, background, think.
# router:
#   background: ""                  # Claude Code's haiku-tier background work
#   think: ""                       # requests with thinking enabled
#   long-context: ""                # requests whose input exceeds long-context-threshold tokens
#   long-context-threshold: ${DEFAULTS.longContextThreshold}
#   web-search: ""                  # requests carrying a web-search tool

# When every candidate of a model failed, try these models in order. Key: the requested model
# or an "upstream/model" reference; items: "upstream/model" references or model names.
# fallbacks:
#   claude-opus-4-5: [deepseek/deepseek-chat]

# When every key of a model answered 429 (quota exhausted), first try the same upstream's preview
# variants of the model. (CLIProxyAPI's switch-project is accepted but not used yet.)
# quota-exceeded:
#   switch-preview-model: true

# How an upstream with several keys picks one: "round-robin" spreads requests by weight (a key of
# weight 2 takes twice the share of a key of weight 1); "fill-first" uses the first available key
# in file order until it is rate limited or fails. Either way keys of a higher priority go first.
# "weighted-round-robin" (newer CLIProxyAPI) means round-robin here.
# routing:
#   strategy: "round-robin"

# Traffic limits of every upstream. Requests over a limit wait in a queue; a request that finds
# it full or waits longer than queue-timeout is answered 429. Any upstream entry below may set
# its own rate-limit, rate-window and max-concurrency. The PROVIDER_RATE_LIMIT,
# PROVIDER_RATE_WINDOW and PROVIDER_MAX_CONCURRENCY environment variables override the file's.
# provider-limits:
#   rate-limit: ${LIMITS.rateLimit}                   # requests per rate-window; 0 = no limit
#   rate-window: ${LIMITS.rateWindowMs / 1000}                 # seconds
#   max-concurrency: ${LIMITS.maxConcurrency}              # requests in flight at once; 0 = no limit
#   queue-size: ${LIMITS.queueSize}                 # requests that may wait for a slot
#   queue-timeout: ${LIMITS.queueTimeoutMs / 1000}               # seconds

# Credential pools: an upstream may hold several keys. A key that is rate limited, rejected or
# failing rests (see cooldown) while the others serve. Keys of every upstream section below:
#   api-key          one key, the first of the pool
#   api-key-entries  more keys, each {api-key, proxy-url, weight, priority, prefix}; a key's own
#                    proxy-url, weight and priority win over the entry's; a key with a prefix
#                    serves only "prefix/model" requests
#   weight           share of round-robin traffic of the entry's keys: an integer >= 1 (default 1;
#                    above 1000 counts as 1000)
#   priority         tier of the entry's keys: an integer (default 0); higher tiers serve first,
#                    lower ones only while no key of a higher tier is available
#   cooldown         how long this upstream rests after a failure, in seconds (defaults shown):
${cooldownRows([
  [
    'rate-limited-base-seconds',
    COOLDOWN.rateLimitBaseMs,
    '429, no retry hint: the key rests for that model,',
  ],
  ['', undefined, 'twice as long after each repeated 429'],
  ['rate-limited-max-seconds', COOLDOWN.rateLimitMaxMs, 'cap of that doubling'],
  ['retry-hint-max-seconds', COOLDOWN.retryHintMaxMs, "cap of the upstream's own retry hint"],
  ['blocked-seconds', COOLDOWN.blockMs, `the key answered ${COOLDOWN.blockStatuses.join('/')}`],
  ['model-unavailable-seconds', COOLDOWN.modelNotFoundMs, 'the model is "not found" with the key'],
  ['upstream-seconds', COOLDOWN.upstreamCooldownMs, '408, 5xx, network error, timeout: every key'],
])}
# In claude-api-key, gemini-api-key and codex-api-key, items with the same name are ONE upstream
# holding all their keys, and so are items without a name that have the same base-url and prefix
# (CLIProxyAPI lists one item per key). Such items must agree on every other key (base-url, prefix,
# models, excluded-models, headers, max-tokens, cooldown, ...): only api-key, api-key-entries,
# proxy-url, weight and priority may differ. A key listed twice in one upstream counts once.
# Environment keys form pools too (see the end of this file).

# Upstreams spoken to in Anthropic's Messages format. Each entry:
#   name             id used in "name/model" references and logs (letters, digits, . _ -);
#                    default: prefix, else the provider guessed from base-url (anthropic, deepseek,
#                    open_router, ollama, ...), else "custom"; another upstream with the same
#                    default id gets -2, -3
#   api-key          the upstream's key; empty (and no api-key-entries) for local servers that
#                    need none
#   api-key-entries, weight, priority, cooldown: see "Credential pools" above
#   base-url         http(s) URL; empty = Anthropic's API (https://api.anthropic.com)
#   proxy-url        outbound proxy for this entry's keys (default: the global proxy-url)
#   headers          extra headers sent on every request
#   models           models offered ({name, alias, max-tokens}); empty = any model not excluded;
#                    a model's max-tokens caps the max_tokens sent for it
#   excluded-models  globs of models never sent here ("*-preview", "*haiku*")
#   prefix           also accepted as the upstream part of "prefix/model"
#   auth-style       x-api-key | bearer | none (default: the provider's; none without api-key)
#   drop-betas       true = drop every anthropic-beta header value; or a list of values to drop
#   count-tokens     forward POST /v1/messages/count_tokens (default: what the provider supports)
#   max-tokens       cap of max_tokens for every model of the entry (default: none, except the
#                    limits the provider documents, such as 8192 for deepseek-chat)
# claude-api-key:
#   - api-key: "sk-ant-...1"             # Anthropic's API with two keys: one upstream "anthropic"
#   - api-key: "sk-ant-...2"
#     weight: 2                          # takes two requests of every three
#   - name: deepseek
#     api-key-entries:
#       - api-key: "sk-...1"
#       - api-key: "sk-...2"
#         priority: -1                   # a spare: serves only while the first key rests
#     base-url: "https://api.deepseek.com/anthropic"
#     cooldown:
#       rate-limited-max-seconds: 300
#     models:
#       - name: "deepseek-chat"
#         alias: "ds"
#         max-tokens: 8192
#   - name: lmstudio
#     base-url: "http://localhost:1234/v1"
#     drop-betas: true
#     max-tokens: 4096

# Upstreams spoken to in OpenAI's Chat Completions format (CLIProxyAPI's openai-compatibility).
# Each entry:
#   name             required; id used in "name/model" references and logs (letters, digits, . _ -)
#   base-url         required; http(s) URL up to /v1 (e.g. https://api.groq.com/openai/v1)
#   api-key, api-key-entries, weight, priority, cooldown: see "Credential pools" above; keys are
#                    sent as Authorization: Bearer; no key = no credential header
#   api-keys         older CLIProxyAPI form: a plain list of keys, used after api-key-entries
#   (names are unique here: a repeated name is an error)
#   prefix           also accepted as the upstream part of "prefix/model"
#   models           models offered ({name, alias, max-tokens}); empty = any model not excluded
#   headers          extra headers sent on every request
#   excluded-models  globs of models never sent here
#   max-tokens       cap of max_tokens for every model of the entry
#   provider         catalog id whose quirks apply (groq, kimi, deepseek, nvidia_nim, openai, ...);
#                    default: guessed from the base-url host, else none
# openai-compatibility:
#   - name: openrouter
#     prefix: router
#     base-url: "https://openrouter.ai/api/v1"
#     api-key-entries:
#       - api-key: "sk-or-v1-..."
#         proxy-url: ""
#     models:
#       - name: "moonshotai/kimi-k2:free"
#         alias: "kimi-k2"
#   - name: kimi-lan                     # Kimi K2 served on the LAN: quirks of Kimi's API
#     base-url: "http://10.0.0.5:8000/v1"
#     provider: kimi
#     max-tokens: 16384

# Upstreams spoken to in Google's Gemini API format (generateContent). Each entry:
#   name             id used in "name/model" references and logs (letters, digits, . _ -);
#                    default: prefix, else "gemini"; another upstream with the same default id
#                    gets -2, -3
#   api-key          the Gemini API key, sent as x-goog-api-key; no key = no credential
#   api-key-entries, weight, priority, cooldown: see "Credential pools" above
#   prefix           also accepted as the upstream part of "prefix/model" (e.g. test/gemini-2.5-pro)
#   base-url         http(s) URL; empty = Google's API (https://generativelanguage.googleapis.com)
#   proxy-url        outbound proxy for this entry (default: the global proxy-url)
#   headers          extra headers sent on every request
#   models           models offered ({name, alias, max-tokens}); empty = any model not excluded
#   excluded-models  globs of models never sent here ("gemini-1.5-pro", "*-preview", "*flash*")
#   max-tokens       cap of max_tokens (maxOutputTokens) for every model of the entry
# gemini-api-key:
#   - api-key: "AIzaSy..."
#     models:
#       - name: "gemini-2.5-pro"
#         alias: "g2.5p"
#     excluded-models:
#       - "*-preview"

# Upstreams spoken to in OpenAI's Responses format (/v1/responses; CLIProxyAPI's codex-api-key).
# Each entry:
#   name             id used in "name/model" references and logs (letters, digits, . _ -);
#                    default: prefix, else the provider guessed from base-url, else "openai";
#                    another upstream with the same default id gets -2, -3
#   api-key          the key, sent as Authorization: Bearer; no key = no credential
#   api-key-entries, weight, priority, cooldown: see "Credential pools" above
#   prefix           also accepted as the upstream part of "prefix/model" (e.g. prod/gpt-5)
#   base-url         http(s) URL up to /v1; empty = OpenAI's API (https://api.openai.com/v1)
#   proxy-url        outbound proxy for this entry (default: the global proxy-url)
#   headers          extra headers sent on every request
#   models           models offered ({name, alias, max-tokens}); empty = any model not excluded
#   excluded-models  globs of models never sent here ("*-mini", "*codex*")
#   max-tokens       cap of max_tokens (max_output_tokens) for every model of the entry
# codex-api-key:
#   - api-key: "sk-..."
#     prefix: "prod"
#     headers:
#       X-Team: "cli"
#     models:
#       - name: "gpt-5"
#         alias: "g5"
#     excluded-models:
#       - "*-mini"

# Extended thinking per Claude Code tier: true keeps a request's thinking, false strips it, unset
# leaves requests as they are. A tier without a value follows default. The ENABLE_MODEL_THINKING,
# ENABLE_OPUS_THINKING, ENABLE_SONNET_THINKING and ENABLE_HAIKU_THINKING environment variables
# (true/false/1/0/yes/no; blank = unset) override these.
# thinking:
#   default: true
#   opus: true
#   sonnet: true
#   haiku: false

# Provider keys can also come from the environment, without any entry here: ANTHROPIC_API_KEY,
# OPENAI_API_KEY, GEMINI_API_KEY, DEEPSEEK_API_KEY, OPENROUTER_API_KEY, FIREWORKS_API_KEY,
# FRIENDLIAI_API_KEY, NVIDIA_NIM_API_KEY, GROQ_API_KEY, CEREBRAS_API_KEY, TOGETHER_API_KEY,
# KIMI_API_KEY (and *_PROXY, and *_BASE_URL such as GROQ_BASE_URL, OPENAI_BASE_URL or
# GEMINI_BASE_URL). *_API_KEYS adds more keys (comma or space separated) to the same pool, after
# *_API_KEY; *_KEY_USAGE_LIMIT=N moves on to the next key after N successful requests (0 = never).
# OPENAI_RESPONSES=1 makes the OPENAI_API_KEY upstream use the Responses API instead of Chat
# Completions. An entry above with the same id wins over the variables.

# Accepted for compatibility with CLIProxyAPI, not used yet (a warning says so): tls,
# remote-management, auth-dir, logging-to-file, logs-max-total-size-mb, usage-statistics-enabled,
# commercial-mode, oauth-model-alias, payload, ws-auth, and routing's session-affinity,
# session-affinity-ttl and session-affinity-subagents.
`;
