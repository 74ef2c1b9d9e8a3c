// The `Model` resources the fake Gemini API lists, and their paging: "Models" in the Gemini API reference
// (https://ai.google.dev/api/models): `models.list` answers `{"models": [Model], "nextPageToken"}`, at most
// `pageSize` models a page (default 50, at most 1000), `nextPageToken` left out on the last page.

/** `pageSize` when the request gives none ("models.list", query parameter `pageSize`). */
export const DEFAULT_MODELS_PAGE_SIZE = 50;
/** The largest page the API returns, "even if you pass a larger pageSize". */
export const MAX_MODELS_PAGE_SIZE = 1000;

/**
 * One `Model` with the fields the API lists for a Gemini 2.5 text model (see
 * __fixtures__/gemini-models-list.json): `name` (`models/<id>`), `version`, `displayName`, `description`,
 * `inputTokenLimit` / `outputTokenLimit` (tokens), `supportedGenerationMethods` (the API lists
 * `generateContent`, never `streamGenerateContent`), `temperature`, `topP`, `topK`, `maxTemperature`,
 * `thinking`. `displayName` is the id in title case (`gemini-fake-1` → `Gemini Fake 1`).
 */
export function buildGeminiModel(id: string): Record<string, unknown> {
  const displayName = id
    .split('-')
    .map((word) => (word === '' ? word : `${word[0]?.toUpperCase() ?? ''}${word.slice(1)}`))
    .join(' ');
  return {
    name: `models/${id}`,
    version: '001',
    displayName,
    description: `${displayName}, served by the fake Gemini upstream.`,
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: [
      'generateContent',
      'countTokens',
      'createCachedContent',
      'batchGenerateContent',
    ],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: true,
  };
}

/**
 * One page of `models.list` for the query string of the request: `pageSize` (default 50, capped at 1000,
 * values below 1 count as the default) and `pageToken` (the opaque `nextPageToken` of the previous page; an
 * unknown token starts from the first model). Model ids may be given with or without the `models/` prefix.
 */
export function buildGeminiModelsPage(
  ids: readonly string[],
  query: URLSearchParams,
): Record<string, unknown> {
  const requested = Number.parseInt(query.get('pageSize') ?? '', 10);
  const pageSize =
    Number.isFinite(requested) && requested > 0
      ? Math.min(requested, MAX_MODELS_PAGE_SIZE)
      : DEFAULT_MODELS_PAGE_SIZE;
  const start = decodePageToken(query.get('pageToken'));
  const end = start + pageSize;
  const page: Record<string, unknown> = {
    models: ids.slice(start, end).map((id) => buildGeminiModel(stripModelsPrefix(id))),
  };
  if (end < ids.length) page['nextPageToken'] = encodePageToken(end);
  return page;
}

/** `gemini-x` for `models/gemini-x` (the API's resource name), the id itself otherwise. */
export function stripModelsPrefix(id: string): string {
  return id.startsWith('models/') ? id.slice('models/'.length) : id;
}

function encodePageToken(offset: number): string {
  return Buffer.from(`fake-offset:${offset}`).toString('base64url');
}

function decodePageToken(token: string | null): number {
  if (token === null || token === '') return 0;
  const match = /^fake-offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match?.[1] === undefined ? 0 : Number(match[1]);
}
