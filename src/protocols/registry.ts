import { anthropicProtocol } from './anthropic/anthropic-protocol.js';
import { openAIChatProtocol } from './openai-chat/openai-chat-protocol.js';
import type { Protocol, WireFormat } from './protocol.js';

const PROTOCOLS: Partial<Record<WireFormat, Protocol>> = {
  anthropic: anthropicProtocol,
  'openai-chat': openAIChatProtocol,
};

/**
 * The protocol of a wire format.
 * @throws TypeError for a format with no protocol yet (a config can not produce one: the schema
 *   only admits implemented formats)
 */
export function protocolFor(format: WireFormat): Protocol {
  const protocol = PROTOCOLS[format];
  if (!protocol) throw new TypeError(`no protocol for wire format '${format}'`);
  return protocol;
}
