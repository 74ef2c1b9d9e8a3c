import type { UpstreamConfig } from '../config/switchboard-config.js';

/** Providers whose thinking signatures are Anthropic's own (they relay Claude itself). */
const ANTHROPIC_SIGNERS = new Set(['anthropic', 'cliproxyapi', 'custom']);

/**
 * Who can verify the thinking signatures an upstream produces: `anthropic` for Anthropic's API
 * and for relays of Claude (CLIProxyAPI, unrecognised Anthropic-compatible base URLs), else the
 * upstream's own provider id (DeepSeek's signatures mean nothing to Anthropic, and the reverse).
 * Signatures are only ever sent back to an upstream of the same family.
 * @param upstream the upstream that answered or will be asked
 */
export function signatureFamilyOf(upstream: Pick<UpstreamConfig, 'providerId'>): string {
  return ANTHROPIC_SIGNERS.has(upstream.providerId) ? 'anthropic' : upstream.providerId;
}

/** Prefix of signatures the gateway tags with their family: `sb1.<family>.<signature>`. */
const TAG_PREFIX = 'sb1.';

/**
 * Tags a signature with the family that made it, so that when the client sends the block back
 * the gateway knows who can verify it. Anthropic-family signatures stay untouched (clients and
 * Anthropic see exactly what Anthropic sent).
 * @returns the value to give the client
 */
export function tagSignature(family: string, signature: string): string {
  if (family === 'anthropic' || signature === '') return signature;
  return `${TAG_PREFIX}${family}.${signature}`;
}

/**
 * Reads a signature the client sent back: `{family, signature}` where an untagged value is
 * Anthropic's.
 */
export function readSignature(value: string): { family: string; signature: string } {
  if (!value.startsWith(TAG_PREFIX)) return { family: 'anthropic', signature: value };
  const rest = value.slice(TAG_PREFIX.length);
  const dot = rest.indexOf('.');
  if (dot <= 0) return { family: 'anthropic', signature: value };
  return { family: rest.slice(0, dot), signature: rest.slice(dot + 1) };
}
