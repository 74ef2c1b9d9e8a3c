import type { z } from 'zod';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import { decodeJsonText } from '../json/decode-json-text.js';
import { RepeatedMembersParser } from '../json/repeated-members-parser.js';
import { acceptsWithSharedMembers, SHARED_REQUEST_MEMBERS } from '../json/shared-members-check.js';

/** Most schema issues named in one 400 message. */
const MAX_REPORTED_ISSUES = 5;

/**
 * The process's parser of generation request bodies: remembers the `system` and `tools` members
 * that clients resend with every turn (Claude Code: ~68 KB of its ~75 KB body), so a repeat has
 * only the rest parsed (`RepeatedMembersParser`; the result is the same as a full parse).
 */
export const REQUEST_BODY_PARSER = new RepeatedMembersParser({
  keys: SHARED_REQUEST_MEMBERS,
  minBytes: 16 * 1024,
  maxEntries: 16,
});

/**
 * Parses a request body as a JSON object.
 * @param body raw bytes of the request body (UTF-8)
 * @param what what the body should be, for the message (e.g. "a Messages request")
 * @param parser parses byte bodies (`REQUEST_BODY_PARSER` for generation requests: its repeated
 *   members come back deep-frozen and shared); default `JSON.parse(decodeJsonText(body))`
 * @returns the parsed object, exactly as sent (key order and unknown fields kept)
 * @throws InvalidRequestError (400) when the body is empty, not JSON, or not a JSON object
 */
export function parseJsonObject(
  body: Buffer | string | undefined,
  what: string,
  parser?: RepeatedMembersParser,
): Record<string, unknown> {
  if (body === undefined || body.length === 0) {
    throw new InvalidRequestError(`Request body is empty; expected ${what} as JSON.`);
  }
  let json: unknown;
  try {
    if (typeof body === 'string') json = JSON.parse(body);
    else json = parser === undefined ? JSON.parse(decodeJsonText(body)) : parser.parse(body);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InvalidRequestError(`Request body is not valid JSON: ${detail}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidRequestError(`Request body must be a JSON object: ${what}.`);
  }
  return json as Record<string, unknown>;
}

/**
 * The bodies each schema already accepted: a body is validated once per schema however many steps
 * look at it (the route checks an Anthropic body, then the hub's decoder checks it again; ~15 µs
 * each for Claude Code's). Sound because the gateway never changes a parsed body in place (every
 * adaptation builds a new object). Weak: bodies go with their requests.
 */
const VALIDATED = new WeakMap<z.ZodType, WeakSet<object>>();

/**
 * Validates a parsed body against a wire schema (once per body and schema: see `VALIDATED`; the
 * parser's shared `system` and `tools` once per value: `acceptsWithSharedMembers`).
 * @param json the parsed body
 * @param schema the endpoint's zod schema
 * @param what what the body should be, for the message
 * @returns the body itself (validated, not rebuilt: key order and every unknown field stay exactly
 *   as the client sent them, so a pass-through re-serialisation is faithful)
 * @throws InvalidRequestError (400) naming the offending field(s)
 */
export function validateRequestBody<Schema extends z.ZodType>(
  json: unknown,
  schema: Schema,
  what: string,
): z.infer<Schema> {
  const isObject = typeof json === 'object' && json !== null;
  if (isObject && VALIDATED.get(schema)?.has(json) === true) return json as z.infer<Schema>;
  const accepted = acceptsWithSharedMembers(json, schema);
  const result = accepted === true ? undefined : schema.safeParse(json);
  if (result === undefined || result.success) {
    if (isObject) {
      const bodies = VALIDATED.get(schema) ?? new WeakSet<object>();
      bodies.add(json);
      VALIDATED.set(schema, bodies);
    }
    return json as z.infer<Schema>;
  }
  const issues = result.error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const path = issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.');
    return `${path}: ${issue.message}`;
  });
  throw new InvalidRequestError(`Request body is not ${what}: ${issues.join('; ')}`);
}

/**
 * Parses a request body as JSON and validates it against a wire schema
 * (`parseJsonObject` + `validateRequestBody`).
 * @throws InvalidRequestError (400) naming the offending field(s), or saying the JSON is malformed
 */
export function parseRequestBody<Schema extends z.ZodType>(
  body: Buffer | string | undefined,
  schema: Schema,
  what: string,
  parser?: RepeatedMembersParser,
): z.infer<Schema> {
  return validateRequestBody(parseJsonObject(body, what, parser), schema, what);
}
