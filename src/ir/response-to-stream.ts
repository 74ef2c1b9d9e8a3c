import type { IrResponse } from './response.js';
import type { IrStreamPart } from './stream-part.js';

/**
 * The stream parts of a complete answer, for an upstream that answered a streaming request with
 * one JSON body: response-start, each block whole (start, one delta, end), finish.
 * @param response a decoded answer
 */
export function* responseToStreamParts(response: IrResponse): Iterable<IrStreamPart> {
  yield {
    type: 'response-start',
    id: response.id,
    model: response.model,
    usage: { inputTokens: response.usage.inputTokens },
  };
  for (const [index, part] of response.content.entries()) {
    switch (part.type) {
      case 'text':
        yield { type: 'text-start', index };
        yield { type: 'text-delta', index, text: part.text };
        yield { type: 'text-end', index };
        break;
      case 'reasoning':
        yield { type: 'reasoning-start', index };
        yield { type: 'reasoning-delta', index, text: part.text };
        if (part.signature) yield { type: 'reasoning-signature', index, signature: part.signature };
        yield { type: 'reasoning-end', index };
        break;
      case 'redacted-reasoning':
        yield { type: 'redacted-reasoning', index, data: part.data, provider: part.provider };
        break;
      case 'tool-use':
        yield { type: 'tool-input-start', index, id: part.id, name: part.name };
        yield { type: 'tool-input-delta', index, json: JSON.stringify(part.input ?? {}) };
        yield { type: 'tool-input-end', index };
        break;
      case 'opaque':
        yield { type: 'opaque-block', index, format: part.format, value: part.value };
        break;
      default:
        break;
    }
  }
  yield {
    type: 'finish',
    finishReason: response.finishReason,
    stopSequence: response.stopSequence,
    usage: response.usage,
  };
}
