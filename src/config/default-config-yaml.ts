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

# Upstreams spoken to in Anthropic's Messages format. Each entry:
#   name             id used in "name/model" references and logs (letters, digits, . _ -);
#                    default: prefix, else the provider guessed from base-url (anthropic, deepseek,
#                    open_router, ollama, ...), else "custom"; repeats get -2, -3
#   api-key          the upstream's key; empty for local servers that need none
#   base-url         http(s) URL; empty = Anthropic's API (https://api.anthropic.com)
#   proxy-url        outbound proxy for this entry (default: the global proxy-url)
#   headers          extra headers sent on every request
#   models           models offered ({name, alias}); empty = any model not excluded
#   excluded-models  globs of models never sent here ("*-preview", "*haiku*")
#   prefix           also accepted as the upstream part of "prefix/model"
#   auth-style       x-api-key | bearer | none (default: the provider's; none without api-key)
#   drop-betas       true = drop every anthropic-beta header value; or a list of values to drop
#   count-tokens     forward POST /v1/messages/count_tokens (default: what the provider supports)
# claude-api-key:
#   - api-key: "sk-ant-..."              # Anthropic's API
#   - name: deepseek
#     api-key: "sk-..."
#     base-url: "https://api.deepseek.com/anthropic"
#     models:
#       - name: "deepseek-chat"
#         alias: "ds"
#   - name: lmstudio
#     base-url: "http://localhost:1234/v1"
#     drop-betas: true

# Provider keys can also come from the environment, without any entry here: ANTHROPIC_API_KEY,
# DEEPSEEK_API_KEY, OPENROUTER_API_KEY, FIREWORKS_API_KEY, FRIENDLIAI_API_KEY (and *_API_KEYS,
# *_PROXY). An entry above with the same id wins over the variable.

# Accepted for compatibility with CLIProxyAPI, not used yet (a warning says so): tls,
# remote-management, auth-dir, logging-to-file, logs-max-total-size-mb, usage-statistics-enabled,
# commercial-mode, routing, quota-exceeded, gemini-api-key, codex-api-key, openai-compatibility,
# oauth-model-alias, payload, ws-auth.
`;
