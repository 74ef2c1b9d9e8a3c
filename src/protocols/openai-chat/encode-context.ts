import type { UpstreamTarget } from '../protocol.js';
import type { WarningCollector } from './collect-warnings.js';
import type { ToolNameShortener } from './shorten-tool-names.js';
import type { OpenAIChatLayout } from './wire.js';

/** What the request encoders share while building one upstream body. */
export interface EncodeContext {
  readonly target: UpstreamTarget;
  /** The upstream is OpenAI's own API (takes every documented shape: arrays, `developer`, …). */
  readonly isOpenAI: boolean;
  readonly names: ToolNameShortener;
  readonly warnings: WarningCollector;
  /** The decoder's layout when the request came from an OpenAI Chat client, else `{}`. */
  readonly layout: OpenAIChatLayout;
}

/** Separator of text parts joined into one string for providers that take only string content. */
export const TEXT_PART_SEPARATOR = '\n\n';

/** Provider id of OpenAI's own API. */
export const OPENAI_PROVIDER_ID = 'openai';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `extensions['openai-chat']._layout` defensively (the IR may have been built by hand):
 * fields of the wrong shape are ignored.
 */
export function readLayout(value: unknown): OpenAIChatLayout {
  if (!isRecord(value)) return {};
  const layout: {
    -readonly [K in keyof OpenAIChatLayout]: OpenAIChatLayout[K];
  } = {};
  if (Array.isArray(value.system)) {
    const entries = value.system.filter(
      (entry): entry is NonNullable<OpenAIChatLayout['system']>[number] =>
        isRecord(entry) &&
        (entry.role === 'system' || entry.role === 'developer') &&
        typeof entry.parts === 'number' &&
        (entry.extras === undefined || isRecord(entry.extras)),
    );
    if (entries.length === value.system.length) layout.system = entries;
  }
  if (isRecord(value.messages)) layout.messages = messageEntries(value.messages);
  if (isRecord(value.parts)) layout.parts = recordsOnly(value.parts);
  if (value.implicitToolChoice === true) layout.implicitToolChoice = true;
  if (value.toolChoice !== undefined) layout.toolChoice = value.toolChoice;
  return layout;
}

function messageEntries(value: Record<string, unknown>): NonNullable<OpenAIChatLayout['messages']> {
  const out: Record<string, { role: 'system' | 'user' | 'assistant'; fields: Record<string, unknown> }> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (!isRecord(entry) || !isRecord(entry.fields)) continue;
    if (entry.role === 'system' || entry.role === 'user' || entry.role === 'assistant') {
      out[key] = { role: entry.role, fields: entry.fields };
    }
  }
  return out;
}

function recordsOnly(value: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, entry] of Object.entries(value)) if (isRecord(entry)) out[key] = entry;
  return out;
}

/** Narrows an unknown extension value to a plain object. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}
