import type {
  OpenAIResponsesLayout,
  OpenAIResponsesMessageLayout,
  OpenAIResponsesPartLayout,
  OpenAIResponsesSystemSource,
  WireFields,
} from './wire.js';

/** Narrows an unknown value to a plain object. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The layout key of a part: `<irMessageIndex>:<partIndex>`. */
export function partKey(messageIndex: number, partIndex: number): string {
  return `${messageIndex}:${partIndex}`;
}

/**
 * Reads `extensions['openai-responses']._layout` defensively (the IR may have been built by hand or
 * changed on the way): entries of the wrong shape are ignored, so a layout can only restore wire
 * details, never break an encoding.
 */
export function readOpenAIResponsesLayout(value: unknown): OpenAIResponsesLayout {
  const record = asRecord(value);
  if (record === undefined) return {};
  const layout: { -readonly [K in keyof OpenAIResponsesLayout]: OpenAIResponsesLayout[K] } = {};
  if (Array.isArray(record.system)) {
    const sources = record.system.map(readSystemSource);
    if (sources.every((source) => source !== undefined)) layout.system = sources;
  }
  const messages = asRecord(record.messages);
  if (messages !== undefined) layout.messages = readEntries(messages, readMessage);
  const parts = asRecord(record.parts);
  if (parts !== undefined) layout.parts = readEntries(parts, readPart);
  const tools = asRecord(record.tools);
  if (tools !== undefined) layout.tools = readEntries(tools, asRecord);
  if (record.implicitToolChoice === true) layout.implicitToolChoice = true;
  if (record.toolChoice !== undefined) layout.toolChoice = record.toolChoice;
  if (record.userField === 'safety_identifier') layout.userField = 'safety_identifier';
  if (record.stringInput === true) layout.stringInput = true;
  return layout;
}

function readEntries<T>(
  record: Record<string, unknown>,
  read: (value: unknown) => T | undefined,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, entry] of Object.entries(record)) {
    const value = read(entry);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function readSystemSource(value: unknown): OpenAIResponsesSystemSource | undefined {
  const record = asRecord(value);
  if (record?.kind === 'instructions') return { kind: 'instructions' };
  if (record?.kind !== 'item' || (record.role !== 'system' && record.role !== 'developer')) return undefined;
  if (typeof record.parts !== 'number') return undefined;
  return {
    kind: 'item',
    role: record.role,
    parts: record.parts,
    fields: asRecord(record.fields),
    stringContent: record.stringContent === true ? true : undefined,
  };
}

function readMessage(value: unknown): OpenAIResponsesMessageLayout | undefined {
  const record = asRecord(value);
  if (record?.role !== 'system' && record?.role !== 'user') return undefined;
  return {
    role: record.role,
    fields: asRecord(record.fields),
    stringContent: record.stringContent === true ? true : undefined,
  };
}

function readPart(value: unknown): OpenAIResponsesPartLayout | undefined {
  const record = asRecord(value);
  if (record === undefined || typeof record.type !== 'string') return undefined;
  const flag = (key: string): true | undefined => (record[key] === true ? true : undefined);
  const summary =
    Array.isArray(record.summary) && record.summary.every((length) => typeof length === 'number')
      ? (record.summary as number[])
      : undefined;
  const content = asRecord(record.content);
  return {
    type: record.type,
    first: flag('first'),
    item: asRecord(record.item),
    part: asRecord(record.part),
    stringContent: flag('stringContent'),
    refusal: flag('refusal'),
    summary,
    reasoningContent: flag('reasoningContent'),
    listOutput: flag('listOutput'),
    content: content === undefined ? undefined : readEntries<WireFields>(content, asRecord),
  };
}

/**
 * The fields of `wire` other than `mapped` (and other than `undefined` values), or `undefined`
 * when there are none.
 */
export function extraFields(
  wire: Readonly<Record<string, unknown>>,
  mapped: ReadonlySet<string>,
): Record<string, unknown> | undefined {
  const entries = Object.entries(wire).filter(([key, value]) => !mapped.has(key) && value !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}
