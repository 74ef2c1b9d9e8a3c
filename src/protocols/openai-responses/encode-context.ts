import type { WarningCollector } from '../openai-chat/collect-warnings.js';
import type { ToolNameShortener } from '../openai-chat/shorten-tool-names.js';
import type { UpstreamTarget } from '../protocol.js';
import type { OpenAIResponsesLayout } from './wire.js';

/** What the request encoders share while building one upstream body. */
export interface ResponsesEncodeContext {
  readonly target: UpstreamTarget;
  /** The upstream is OpenAI's own API (takes `prompt_cache_breakpoint` and every effort value). */
  readonly isOpenAI: boolean;
  readonly names: ToolNameShortener;
  readonly warnings: WarningCollector;
  /** The decoder's layout when the request came from a Responses client, else `{}`. */
  readonly layout: OpenAIResponsesLayout;
}

/** Provider id of OpenAI's own API. */
export const OPENAI_PROVIDER_ID = 'openai';

/** Separator of text parts joined into one string (`instructions`, text documents). */
export const TEXT_PART_SEPARATOR = '\n\n';
