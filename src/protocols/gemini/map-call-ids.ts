/**
 * Marks IR tool-use ids that came from the Gemini wire (`functionCall.id`, which the API issues
 * from Gemini 3 on, and which Gemini clients echo): `gemini_<id>`. Only such ids go back onto the
 * Gemini wire, stripped of the mark — to upstreams (`functionCall.id`, `functionResponse.id`) and
 * to Gemini clients alike; ids made elsewhere (Anthropic `toolu_…`, OpenAI `call_…`, the ids this
 * gateway generates) are never sent to either, since Gemini matches responses to calls by order
 * and name (as for Gemini 2.5, which sends no ids) and some Gemini endpoints refuse ids they did
 * not issue. So a Gemini id survives any round trip, and a foreign one never reaches Gemini.
 */
export const GEMINI_CALL_ID_PREFIX = 'gemini_';

/** The IR id of a call that carries `id` on the Gemini wire. */
export function markGeminiCallId(id: string): string {
  return `${GEMINI_CALL_ID_PREFIX}${id}`;
}

/**
 * The `id` to put on the Gemini wire (upstream or client) for an IR tool-use id: the Gemini id
 * when it is one, else `undefined` (send none).
 */
export function geminiCallIdOf(irId: string): string | undefined {
  return irId.startsWith(GEMINI_CALL_ID_PREFIX) && irId.length > GEMINI_CALL_ID_PREFIX.length
    ? irId.slice(GEMINI_CALL_ID_PREFIX.length)
    : undefined;
}
