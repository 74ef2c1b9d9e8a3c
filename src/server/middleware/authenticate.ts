import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AuthenticationError } from '../../errors/gateway-error.js';

/** Who called, and the model they pinned for this request, if any. */
export interface InboundAuth {
  /** Stable short hash of the inbound key (never the key), or `undefined` without inbound auth. */
  readonly keyId: string | undefined;
  /** Model reference from a token of the form `KEY:upstream/model` (claude-code-proxy's). */
  readonly modelOverride: string | undefined;
}

/** The inbound keys of a config, hashed once for constant-time comparison. */
export interface InboundKeySet {
  readonly digests: readonly Buffer[];
}

/**
 * Hashes the configured inbound keys (`api-keys`) once per config.
 * @param apiKeys plain keys from the config; never logged
 */
export function createInboundKeySet(apiKeys: readonly string[]): InboundKeySet {
  return { digests: apiKeys.map((key) => digest(key)) };
}

/**
 * Reads the client's token from `x-api-key`, `Authorization: Bearer …`, `anthropic-auth-token`,
 * `x-goog-api-key`, or the `key` query parameter (Gemini clients; in that order), and checks it
 * against the configured keys. A token
 * `KEY:upstream/model` pins the model for this request; only `KEY` is checked. With no keys
 * configured every caller is accepted (the config only allows that on loopback).
 * @throws AuthenticationError (401) when keys are configured and the token is missing or wrong
 */
export function authenticate(
  headers: IncomingHttpHeaders,
  keys: InboundKeySet,
  queryKey?: string,
): InboundAuth {
  const token = readToken(headers) ?? (queryKey || undefined);
  if (keys.digests.length === 0) {
    return { keyId: undefined, modelOverride: token === undefined ? undefined : overrideOf(token) };
  }
  if (token === undefined) {
    throw new AuthenticationError(
      'Missing API key: send one of the gateway api-keys as x-api-key or Authorization: Bearer.',
    );
  }
  if (matches(token, keys)) return { keyId: keyIdOf(token), modelOverride: undefined };
  // KEY:upstream/model, where KEY itself may contain ':' (every split point is tried).
  for (let colon = token.indexOf(':'); colon > 0; colon = token.indexOf(':', colon + 1)) {
    const key = token.slice(0, colon);
    const reference = token.slice(colon + 1).trim();
    if (reference !== '' && matches(key, keys)) return { keyId: keyIdOf(key), modelOverride: reference };
  }
  throw new AuthenticationError('Invalid API key: it is not one of the gateway api-keys.');
}

/**
 * A stable, non-reversible id of a key for logs and usage: `key_` + 12 hex chars of SHA-256.
 */
export function keyIdOf(key: string): string {
  return `key_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

function readToken(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = single(headers['x-api-key']);
  if (apiKey) return apiKey;
  const authorization = single(headers.authorization);
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match?.[1]) return match[1].trim();
  }
  return single(headers['anthropic-auth-token']) || single(headers['x-goog-api-key']) || undefined;
}

function overrideOf(token: string): string | undefined {
  const colon = token.indexOf(':');
  if (colon <= 0) return undefined;
  const reference = token.slice(colon + 1).trim();
  return reference === '' ? undefined : reference;
}

function matches(candidate: string, keys: InboundKeySet): boolean {
  const candidateDigest = digest(candidate);
  let found = false;
  for (const keyDigest of keys.digests) {
    if (timingSafeEqual(candidateDigest, keyDigest)) found = true;
  }
  return found;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
