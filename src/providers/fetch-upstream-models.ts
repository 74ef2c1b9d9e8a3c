import type { UpstreamConfig } from '../config/switchboard-config.js';
import { anthropicEndpointUrl } from '../protocols/anthropic/build-upstream-request.js';
import { sendUpstreamRequest } from '../upstream/send-request.js';

/** A model as an upstream lists it. */
export interface UpstreamModelInfo {
  readonly id: string;
  readonly displayName?: string | undefined;
  /** RFC 3339 time, when the upstream gave one. */
  readonly createdAt?: string | undefined;
}

/** What is needed to call an upstream's model list. */
export type ModelListTarget = Pick<
  UpstreamConfig,
  'id' | 'baseUrl' | 'apiKey' | 'authStyle' | 'headers' | 'proxyUrl'
> & {
  /** Wire format; Gemini lists at `/v1beta/models` (default: Anthropic/OpenAI's `/v1/models`). */
  readonly format?: UpstreamConfig['format'] | undefined;
};

/**
 * Lists an upstream's models: `GET {base}/v1/models` (Anthropic's shape, `data[].id` /
 * `display_name` / `created_at`, or OpenAI's, `data[].id` / `created`), then Ollama's
 * `GET /api/tags` (`models[].name`) when the first answers no list; Gemini upstreams list at
 * `GET {base}/v1beta/models` (`models[].name` as `models/<id>`, `displayName`).
 * Source: Anthropic API reference "List Models"; OpenAI API reference "Models: list"; Ollama API "List Local Models".
 * @param timeoutMs whole-call budget, ms
 * @returns the models, or `undefined` when the upstream does not answer with a list in time
 */
export async function fetchUpstreamModels(
  target: ModelListTarget,
  timeoutMs: number,
): Promise<UpstreamModelInfo[] | undefined> {
  const signal = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = { accept: 'application/json', 'anthropic-version': '2023-06-01' };
  if (target.apiKey !== '' && target.authStyle === 'x-api-key') headers['x-api-key'] = target.apiKey;
  if (target.apiKey !== '' && target.authStyle === 'bearer')
    headers.authorization = `Bearer ${target.apiKey}`;
  for (const [name, value] of Object.entries(target.headers)) headers[name.toLowerCase()] = value;
  if (target.apiKey !== '' && target.authStyle === 'x-goog-api-key')
    headers['x-goog-api-key'] = target.apiKey;
  const urls =
    target.format === 'gemini'
      ? [`${target.baseUrl.replace(/\/v1beta$/, '')}/v1beta/models`]
      : [anthropicEndpointUrl(target.baseUrl, 'models'), `${target.baseUrl.replace(/\/v1$/, '')}/api/tags`];
  for (const url of urls) {
    const models = await getList(target, url, headers, signal);
    if (models !== undefined) return models;
    if (signal.aborted) return undefined;
  }
  return undefined;
}

async function getList(
  target: ModelListTarget,
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<UpstreamModelInfo[] | undefined> {
  try {
    const response = await sendUpstreamRequest({
      upstreamId: target.id,
      url,
      method: 'GET',
      headers,
      proxyUrl: target.proxyUrl,
      signal,
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) return undefined;
    return readModelList(JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * Reads a model list body of any of the three shapes.
 * @returns the models, or `undefined` when the body is no model list
 */
export function readModelList(json: unknown): UpstreamModelInfo[] | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const body = json as { data?: unknown; models?: unknown };
  const items = Array.isArray(body.data) ? body.data : Array.isArray(body.models) ? body.models : undefined;
  if (!items) return undefined;
  const models: UpstreamModelInfo[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const fields = item as Record<string, unknown>;
    const name = typeof fields.name === 'string' ? fields.name.replace(/^models\//, '') : undefined;
    const id = typeof fields.id === 'string' ? fields.id : name;
    if (id === undefined || id === '') continue;
    const createdAt =
      typeof fields.created_at === 'string'
        ? fields.created_at
        : typeof fields.created === 'number'
          ? new Date(fields.created * 1000).toISOString()
          : undefined;
    models.push({
      id,
      displayName:
        typeof fields.display_name === 'string'
          ? fields.display_name
          : typeof fields.displayName === 'string'
            ? fields.displayName
            : undefined,
      createdAt,
    });
  }
  return models;
}
