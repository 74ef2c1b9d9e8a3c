// The error objects both OpenAI fakes (Chat Completions and Responses) answer a bad request with, worded as the
// API words them: a missing or wrong Bearer key, a body that is not JSON, an unknown URL, and the fake's own 500.
import type { IncomingHttpHeaders } from 'node:http';
import type { OpenAIErrorObject } from './openai-chat-send-reply.js';

/** The API's message for a body that is not a JSON object (HTTP 400). */
const INVALID_JSON_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

/** An `invalid_request_error` with `param` and `code` null. */
export function buildOpenAIInvalidRequest(message: string): OpenAIErrorObject {
  return { message, type: 'invalid_request_error', param: null, code: null };
}

/** The 400 error object for a body that is not a JSON object. */
export function buildOpenAIInvalidJsonError(): OpenAIErrorObject {
  return buildOpenAIInvalidRequest(INVALID_JSON_MESSAGE);
}

/** The 404 error object for an unknown route: `Invalid URL (<METHOD> <path without query>)`. */
export function buildOpenAIInvalidUrlError(method: string, path: string): OpenAIErrorObject {
  return buildOpenAIInvalidRequest(`Invalid URL (${method} ${path.split('?', 1)[0] ?? path})`);
}

/** The 500 `server_error` object a fake answers when it failed itself. */
export function buildOpenAIServerError(message: string): OpenAIErrorObject {
  return { message, type: 'server_error', param: null, code: null };
}

/**
 * The 401 error object for a missing or wrong `Authorization: Bearer` key, or undefined when it matches.
 * Messages and codes as the API's: no key → `code: null`; a wrong key → `invalid_api_key` ("Error codes"
 * guide, "401 - Incorrect API key provided"), the key masked.
 */
export function checkOpenAIBearer(
  headers: IncomingHttpHeaders,
  apiKey: string,
): OpenAIErrorObject | undefined {
  const authorization = headers.authorization;
  if (authorization === `Bearer ${apiKey}`) return undefined;
  if (authorization === undefined || !authorization.startsWith('Bearer ')) {
    return buildOpenAIInvalidRequest(
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    );
  }
  const given = authorization.slice('Bearer '.length);
  const masked = `${given.slice(0, 3)}${'*'.repeat(Math.max(0, given.length - 7))}${given.slice(-4)}`;
  const message = `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`;
  return { message, type: 'invalid_request_error', param: null, code: 'invalid_api_key' };
}
