import type { IncomingHttpHeaders } from 'node:http';
import type { UpstreamConfig } from '../../config/switchboard-config.js';
import { DEFAULTS } from '../../config/switchboard-config.js';

/** Client headers passed to an Anthropic-format upstream as they are (besides version and betas). */
const PASSED_HEADERS = [
  'user-agent',
  'x-app',
  'x-claude-code-session-id',
  'anthropic-dangerous-direct-browser-access',
];

/**
 * The URL of an Anthropic-format endpoint under a base URL: bases ending in `/v1` (LM Studio,
 * llama.cpp, vLLM, OpenRouter, CLIProxyAPI) take `/messages`, others (Anthropic, DeepSeek's
 * `/anthropic`, Ollama) take `/v1/messages`.
 * @param baseUrl the upstream's base URL, no trailing slash
 * @param path `messages`, `messages/count_tokens` or `models`
 * @param search the client's query string including `?` (e.g. `?beta=true`), or ''
 */
export function anthropicEndpointUrl(baseUrl: string, path: string, search = ''): string {
  return `${baseUrl}${baseUrl.endsWith('/v1') ? '' : '/v1'}/${path}${search}`;
}

/**
 * Builds the headers of a call to an Anthropic-format upstream: the gateway's credential for it
 * (`x-api-key` or `Authorization: Bearer`, per the upstream), `anthropic-version` and
 * `anthropic-beta` as the client sent them (betas filtered by the upstream's policy), Claude
 * Code's identification headers, then the entry's own headers. The client's inbound credential
 * is never forwarded.
 * Source: Anthropic API reference, "Versions" and "Beta headers"; Claude Code's LLM gateway contract.
 * @param inbound the client's request headers
 * @param upstream the target upstream
 */
export function buildAnthropicUpstreamHeaders(
  inbound: IncomingHttpHeaders,
  upstream: UpstreamConfig,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: headerValue(inbound.accept) ?? 'application/json',
    'accept-encoding': 'identity',
    'anthropic-version': headerValue(inbound['anthropic-version']) ?? DEFAULTS.anthropicVersion,
  };
  const betas = filterBetas(headerValue(inbound['anthropic-beta']), upstream);
  if (betas !== undefined) headers['anthropic-beta'] = betas;
  for (const name of PASSED_HEADERS) {
    const value = headerValue(inbound[name]);
    if (value !== undefined) headers[name] = value;
  }
  for (const [name, value] of Object.entries(inbound)) {
    if (name.startsWith('x-stainless-')) {
      const text = headerValue(value);
      if (text !== undefined) headers[name] = text;
    }
  }
  if (upstream.apiKey !== '') {
    if (upstream.authStyle === 'x-api-key') headers['x-api-key'] = upstream.apiKey;
    else if (upstream.authStyle === 'bearer') headers.authorization = `Bearer ${upstream.apiKey}`;
  }
  for (const [name, value] of Object.entries(upstream.headers)) headers[name.toLowerCase()] = value;
  return headers;
}

function filterBetas(betas: string | undefined, upstream: UpstreamConfig): string | undefined {
  if (betas === undefined) return undefined;
  const policy = upstream.betaPolicy;
  if (policy.mode === 'pass') return betas;
  if (policy.mode === 'drop-all') return undefined;
  const kept = betas
    .split(',')
    .map((beta) => beta.trim())
    .filter((beta) => beta !== '' && !policy.betas.includes(beta));
  return kept.length === 0 ? undefined : kept.join(',');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.join(',');
  return value;
}
