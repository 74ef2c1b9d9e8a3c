/** An upstream URL parsed once: the `URL` handed to undici, and the endpoint that is safe to show. */
export interface ParsedUpstreamUrl {
  /** The parsed URL. Shared by every call to the same URL: never change it. */
  readonly url: URL;
  /** Scheme, host and path: no query string (a Gemini `?key=`), no user info. */
  readonly endpoint: string;
}

/** Most URLs kept; past it the map starts again (a config has one per upstream, model and endpoint). */
const MAX_URLS = 512;
const parsedUrls = new Map<string, ParsedUpstreamUrl>();

/**
 * Parses an absolute upstream URL (WHATWG URL Standard, the `URL` constructor), once per distinct
 * text: every attempt needed it twice (its endpoint, then undici's own `new URL`), ~2 µs each, and
 * a gateway calls the same few URLs over and over. Process-wide, at most 512 entries.
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
  const entry = { url: parsed, endpoint: `${parsed.protocol}//${parsed.host}${parsed.pathname}` };
  if (parsedUrls.size >= MAX_URLS) parsedUrls.clear();
  parsedUrls.set(url, entry);
  return entry;
}
