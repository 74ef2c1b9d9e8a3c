import type { IrExtensions } from '../../ir/extensions.js';
import type { IrPart } from '../../ir/part.js';
import { isJsonObject, isStringArray, type JsonObject } from './json-value.js';

/**
 * Extension namespace of the Anthropic layout: how the client spelled what the IR normalises,
 * so that Anthropic → IR → Anthropic gives back the same JSON. Only the Anthropic encoders read
 * it; other encoders ignore it. A stale layout (the IR was edited after decoding) can only choose
 * between two spellings of the same meaning, or re-attach extra wire fields to the tool call or
 * tool definition with the same id / name.
 */
export const ANTHROPIC_LAYOUT_NAMESPACE = 'anthropic.layout';

/** How a `content` (or `system`) value was written: left out, a string, or an array of blocks. */
export type ContentForm = 'absent' | 'string' | 'blocks';

/** Whether a part is a text part with nothing but its text (it can be written as a string). */
function isPlainText(part: IrPart): boolean {
  return part.type === 'text' && part.cacheControl === undefined && part.citations === undefined;
}

/**
 * The form an encoder picks when no layout says otherwise: nothing → `emptyForm`, one plain text
 * part → a string, anything else → blocks.
 * @param parts the content to write
 * @param emptyForm what empty content becomes (`absent` where the field is optional)
 */
export function defaultContentForm(parts: readonly IrPart[], emptyForm: ContentForm): ContentForm {
  if (parts.length === 0) return emptyForm;
  const only = parts.length === 1 ? parts[0] : undefined;
  return only !== undefined && isPlainText(only) ? 'string' : 'blocks';
}

function formFits(form: ContentForm, parts: readonly IrPart[]): boolean {
  if (form === 'absent') return parts.length === 0;
  if (form === 'string') return defaultContentForm(parts, 'blocks') === 'string';
  return true;
}

/** Collects a layout while a request or response is decoded. One recorder per body. */
export class AnthropicLayoutRecorder {
  private keys: string[] | undefined;
  private systemForm: ContentForm | undefined;
  private readonly messageForms: [number, ContentForm][] = [];
  private readonly toolResultForms: [string, ContentForm][] = [];
  private readonly toolUseExtras: [string, JsonObject][] = [];
  private readonly toolResultExtras: [string, JsonObject][] = [];
  private readonly toolExtras: [string, JsonObject][] = [];

  /** Records the top-level key order of the body. */
  recordKeys(keys: readonly string[]): void {
    this.keys = [...keys];
  }

  /** Records how `system` was written, when that differs from `defaultContentForm`. */
  recordSystemForm(form: ContentForm, parts: readonly IrPart[]): void {
    if (form !== defaultContentForm(parts, 'absent')) this.systemForm = form;
  }

  /** Records how message `index`'s content was written, when that differs from the default. */
  recordMessageForm(index: number, form: ContentForm, parts: readonly IrPart[]): void {
    if (form !== defaultContentForm(parts, 'blocks')) this.messageForms.push([index, form]);
  }

  /** Records how a tool result's content was written, when that differs from the default. */
  recordToolResultForm(toolUseId: string, form: ContentForm, parts: readonly IrPart[]): void {
    if (form !== defaultContentForm(parts, 'absent')) this.toolResultForms.push([toolUseId, form]);
  }

  /** Records wire fields of a `tool_use` block the IR has no field for (`caller`, …). */
  recordToolUseExtras(id: string, extras: JsonObject): void {
    if (Object.keys(extras).length > 0) this.toolUseExtras.push([id, extras]);
  }

  /** Records wire fields of a `tool_result` block the IR has no field for (`toolset_name`, …). */
  recordToolResultExtras(toolUseId: string, extras: JsonObject): void {
    if (Object.keys(extras).length > 0) this.toolResultExtras.push([toolUseId, extras]);
  }

  /** Records wire fields of a custom tool the IR has no field for (`type`, `input_examples`, …). */
  recordToolExtras(name: string, extras: JsonObject): void {
    if (Object.keys(extras).length > 0) this.toolExtras.push([name, extras]);
  }

  /** The layout as an extension value, or `undefined` when nothing was recorded. */
  toExtension(): JsonObject | undefined {
    const layout: JsonObject = {};
    if (this.keys !== undefined) layout.keys = this.keys;
    if (this.systemForm !== undefined) layout.systemForm = this.systemForm;
    const lists = {
      messageForms: this.messageForms,
      toolResultForms: this.toolResultForms,
      toolUseExtras: this.toolUseExtras,
      toolResultExtras: this.toolResultExtras,
      toolExtras: this.toolExtras,
    };
    for (const [key, list] of Object.entries(lists)) if (list.length > 0) layout[key] = list;
    return Object.keys(layout).length > 0 ? layout : undefined;
  }
}

function isContentForm(value: unknown): value is ContentForm {
  return value === 'absent' || value === 'string' || value === 'blocks';
}

/** Reads `[key, value]` pairs, skipping malformed ones. */
function readPairs<Key, Value>(
  value: unknown,
  isKey: (key: unknown) => key is Key,
  isValue: (item: unknown) => item is Value,
): Map<Key, Value> {
  const pairs = new Map<Key, Value>();
  if (!Array.isArray(value)) return pairs;
  for (const pair of value as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2) continue;
    const [key, item] = pair as [unknown, unknown];
    if (isKey(key) && isValue(item)) pairs.set(key, item);
  }
  return pairs;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isIndex = (value: unknown): value is number => Number.isInteger(value);

/** A layout as read back by the Anthropic encoders; every lookup falls back to the default. */
export class AnthropicLayoutView {
  /** Top-level key order of the client's body, when known. */
  readonly keys: readonly string[] | undefined;
  private readonly systemFormValue: ContentForm | undefined;
  private readonly messageForms: Map<number, ContentForm>;
  private readonly toolResultForms: Map<string, ContentForm>;
  private readonly toolUseExtrasById: Map<string, JsonObject>;
  private readonly toolResultExtrasById: Map<string, JsonObject>;
  private readonly toolExtrasByName: Map<string, JsonObject>;

  /** @param extensions the IR's extensions; a missing or malformed layout reads as empty */
  constructor(extensions: IrExtensions) {
    const layout: Readonly<Record<string, unknown>> = extensions[ANTHROPIC_LAYOUT_NAMESPACE] ?? {};
    this.keys = isStringArray(layout.keys) ? layout.keys : undefined;
    this.systemFormValue = isContentForm(layout.systemForm) ? layout.systemForm : undefined;
    this.messageForms = readPairs(layout.messageForms, isIndex, isContentForm);
    this.toolResultForms = readPairs(layout.toolResultForms, isString, isContentForm);
    this.toolUseExtrasById = readPairs(layout.toolUseExtras, isString, isJsonObject);
    this.toolResultExtrasById = readPairs(layout.toolResultExtras, isString, isJsonObject);
    this.toolExtrasByName = readPairs(layout.toolExtras, isString, isJsonObject);
  }

  /** How to write `system` (`absent` = leave the field out). */
  systemForm(parts: readonly IrPart[]): ContentForm {
    return pick(this.systemFormValue, parts, 'absent');
  }

  /** How to write message `index`'s content (`string` or `blocks`). */
  messageForm(index: number, parts: readonly IrPart[]): ContentForm {
    return pick(this.messageForms.get(index), parts, 'blocks');
  }

  /** How to write a tool result's content. */
  toolResultForm(toolUseId: string, parts: readonly IrPart[]): ContentForm {
    return pick(this.toolResultForms.get(toolUseId), parts, 'absent');
  }

  /** Extra wire fields of the `tool_use` block with this id (`{}` when none). */
  toolUseExtras(id: string): JsonObject {
    return this.toolUseExtrasById.get(id) ?? {};
  }

  /** Extra wire fields of the `tool_result` block for this tool use id (`{}` when none). */
  toolResultExtras(toolUseId: string): JsonObject {
    return this.toolResultExtrasById.get(toolUseId) ?? {};
  }

  /** Extra wire fields of the custom tool with this name (`{}` when none). */
  toolExtras(name: string): JsonObject {
    return this.toolExtrasByName.get(name) ?? {};
  }
}

function pick(
  recorded: ContentForm | undefined,
  parts: readonly IrPart[],
  emptyForm: ContentForm,
): ContentForm {
  return recorded !== undefined && formFits(recorded, parts)
    ? recorded
    : defaultContentForm(parts, emptyForm);
}
