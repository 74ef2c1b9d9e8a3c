import { anthropicProtocol } from './anthropic/anthropic-protocol.js';
import { geminiProtocol } from './gemini/gemini-protocol.js';
import { openAIChatProtocol } from './openai-chat/openai-chat-protocol.js';
import { openAIResponsesProtocol } from './openai-responses/openai-responses-protocol.js';
import type { Protocol, WireFormat } from './protocol.js';

const PROTOCOLS: Record<WireFormat, Protocol> = {
  anthropic: anthropicProtocol,
  'openai-chat': openAIChatProtocol,
  'openai-responses': openAIResponsesProtocol,
  gemini: geminiProtocol,
};

/** The protocol of a wire format (all four formats of the hub). */
export function protocolFor(format: WireFormat): Protocol {
  return PROTOCOLS[format];
}
