import { isJsonObject, type JsonObject } from './json-value.js';

/** A streamed block the IR does not model, being accumulated from its start and deltas. */
export interface OpaqueBlockState {
  /** The block so far (a copy of `content_block_start`'s block, deltas applied). */
  readonly value: JsonObject;
  /** The `input_json_delta` fragments so far; `undefined` until the first one. */
  json: string | undefined;
}

/**
 * Applies one `content_block_delta` to an accumulating block, as the official SDKs accumulate
 * a message: `input_json_delta` fragments are joined and parsed at the end into `input`,
 * `text_delta` / `thinking_delta` / `signature_delta` append to `text` / `thinking` /
 * `signature`, `citations_delta` appends its citation to `citations`. A delta type the reference
 * does not list appends each of its string fields to the block's field of the same name (and sets
 * other values), so newer streamed blocks still come out whole.
 * Source: Anthropic API reference, "Streaming Messages" (content block delta types).
 */
export function mergeOpaqueDelta(state: OpaqueBlockState, delta: JsonObject): void {
  const { value } = state;
  switch (delta.type) {
    case 'input_json_delta':
      if (typeof delta.partial_json === 'string') state.json = (state.json ?? '') + delta.partial_json;
      return;
    case 'text_delta':
      append(value, 'text', delta.text);
      return;
    case 'thinking_delta':
      append(value, 'thinking', delta.thinking);
      return;
    case 'signature_delta':
      append(value, 'signature', delta.signature);
      return;
    case 'citations_delta':
      value.citations = [
        ...(Array.isArray(value.citations) ? (value.citations as unknown[]) : []),
        delta.citation,
      ];
      return;
    default:
      for (const [key, item] of Object.entries(delta)) {
        if (key === 'type') continue;
        if (typeof item === 'string') append(value, key, item);
        else value[key] = isJsonObject(item) ? { ...item } : item;
      }
  }
}

function append(value: JsonObject, key: string, text: unknown): void {
  if (typeof text !== 'string') return;
  const before = value[key];
  value[key] = (typeof before === 'string' ? before : '') + text;
}

/**
 * The finished block: its joined `input_json_delta` fragments parsed into `input` (kept as the
 * start's `input` when they are not valid JSON).
 */
export function finishOpaqueBlock(state: OpaqueBlockState): JsonObject {
  if (state.json === undefined || state.json.trim() === '') return state.value;
  try {
    state.value.input = JSON.parse(state.json) as unknown;
  } catch {
    // Fragments that do not parse leave the start's `input` as it was.
  }
  return state.value;
}
