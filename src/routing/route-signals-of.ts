import type { RouterRules } from '../config/switchboard-config.js';
import type { Protocol } from '../protocols/protocol.js';
import { routeSignalsOfAnthropicBody, routeSignalsOfIr, type RouteSignals } from './route-signals.js';

/**
 * The routing-rule signals of a request, or undefined when no `router` rule is configured (then
 * nothing is inspected: DESIGN.md "never tokenize to route unless a rule asks for it").
 * @param rules the compiled `router` rules
 * @param inbound the client's protocol: Anthropic bodies are read raw, others through the IR
 * @param json the client's parsed body
 * @param rawBytes the body's length, bytes (bounds the token estimate cheaply)
 * @param decode the request's memoised IR decoding (not called for Anthropic bodies)
 */
export function routeSignalsOf(
  rules: RouterRules,
  inbound: Protocol,
  json: Record<string, unknown>,
  rawBytes: number,
  decode: () => ReturnType<Protocol['decodeRequest']>,
): RouteSignals | undefined {
  if (
    rules.background === undefined &&
    rules.think === undefined &&
    rules.longContext === undefined &&
    rules.webSearch === undefined
  ) {
    return undefined;
  }
  return inbound.format === 'anthropic'
    ? routeSignalsOfAnthropicBody(json, rawBytes)
    : routeSignalsOfIr(decode().request, rawBytes);
}
