/** An upstream URL parsed once: the `URL` handed to undici, and the endpoint that is safe to show. */
export interface ParsedUpstreamUrl {
  /** The parsed URL. Shared by every call to the same URL: never change it. */
  readonly url: URL;
  /** Scheme, host and path: no query string (a Gemini `?key=`), no user info. */
  readonly endpoint: string;
  /** Scheme, host and port, as undici's dispatch takes it (`url.origin`). */
  readonly origin: string;
  /** Path and query string, as undici's dispatch takes it (what `request(url)` derives). */
  readonly path: string;
}

/** Most URLs kept; past it the map starts again (a config has one per upstream, model and endpoint). */
const MAX_URLS = 512;
const parsedUrls = new Map<string, ParsedUpstreamUrl>();

/**
 * Parses an absolute upstream URL (WHATWG URL Standard, the `URL` constructor), once per distinct
 * text: every attempt needs its endpoint and undici's origin and path, ~2 µs each parse, and a
 * gateway calls the same few URLs over and over. Process-wide, at most 512 entries.
 * @param url an absolute URL, as `buildUpstreamCall` makes it
 * @returns the parsed URL and its endpoint; `undefined` when `url` is not a valid URL
 */
export function parseUpstreamUrl(url: string): ParsedUpstreamUrl | undefined {
  const known = parsedUrls.get(url);
  if (known !== undefined) return known;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const entry = {
    url: parsed,
    endpoint: `${parsed.protocol}//${parsed.host}${parsed.pathname}`,
    origin: parsed.origin,
    path: `${parsed.pathname}${parsed.search}`,
  };
  if (parsedUrls.size >= MAX_URLS) parsedUrls.clear();
  parsedUrls.set(url, entry);
  return entry;
}
