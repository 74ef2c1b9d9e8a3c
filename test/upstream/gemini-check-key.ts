// API key checks of the fake Gemini API: the key travels in the `x-goog-api-key` header or the `key` query
// parameter ("API keys" guide, https://ai.google.dev/gemini-api/docs/api-key; the @google/genai SDK sends the
// header). The error bodies are the API's, as quoted in client issues named below.
import type { IncomingHttpHeaders } from 'node:http';
import type { GeminiErrorObject } from './gemini-send-reply.js';

/**
 * The 403 for a request without any key, as the API words it (PublicAffairs/openai-gemini#92 quotes the body).
 */
export const GEMINI_MISSING_KEY_ERROR: GeminiErrorObject = {
  code: 403,
  message:
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  status: 'PERMISSION_DENIED',
};
/** The 400 for a wrong key, with its `ErrorInfo` and `LocalizedMessage` details (continuedev/continue#8516). */
export const GEMINI_INVALID_KEY_ERROR: GeminiErrorObject = {
  code: 400,
  message: 'API key not valid. Please pass a valid API key.',
  status: 'INVALID_ARGUMENT',
  details: [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'API_KEY_INVALID',
      domain: 'googleapis.com',
      metadata: { service: 'generativelanguage.googleapis.com' },
    },
    {
      '@type': 'type.googleapis.com/google.rpc.LocalizedMessage',
      locale: 'en-US',
      message: 'API key not valid. Please pass a valid API key.',
    },
  ],
};

/** The error for a missing or wrong key (`x-goog-api-key` header first, then `?key=`), or undefined when it matches. */
export function checkGeminiKey(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  apiKey: string,
): GeminiErrorObject | undefined {
  const header = headers['x-goog-api-key'];
  const given = (Array.isArray(header) ? header[0] : header) ?? query.get('key') ?? undefined;
  if (given === undefined || given === '') return GEMINI_MISSING_KEY_ERROR;
  return given === apiKey ? undefined : GEMINI_INVALID_KEY_ERROR;
}
