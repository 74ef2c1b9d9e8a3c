import type { UpstreamConfig } from '../config/switchboard-config.js';

/** Providers whose thinking signatures are Anthropic's own (they relay Claude itself). */
const ANTHROPIC_SIGNERS = new Set(['anthropic', 'cliproxyapi', 'custom']);

/**
 * Who can verify the thinking signatures an upstream produces: `anthropic` for Anthropic's API
 * and for relays of Claude (CLIProxyAPI, unrecognised Anthropic-compatible base URLs), else the
 * upstream's own provider id (DeepSeek's signatures mean nothing to Anthropic, and the reverse).
 * Signatures are only ever sent back to an upstream of the same family (the `sb1.<family>.` tag
 * that records a signature's family on its way through a client is `protocols/anthropic/map-signature`).
 * @param upstream the upstream that answered or will be asked
 */
export function signatureFamilyOf(upstream: Pick<UpstreamConfig, 'providerId'>): string {
  return ANTHROPIC_SIGNERS.has(upstream.providerId) ? 'anthropic' : upstream.providerId;
}
