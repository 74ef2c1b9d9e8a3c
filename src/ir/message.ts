import type { IrPart } from './part.js';

/**
 * One conversation turn. `system` messages may appear mid-conversation (Claude Code sends
 * `role: "system"` inside `messages`; OpenAI has `system`/`developer` messages anywhere) and are
 * kept in place. Tool results are parts of `user` messages, as in Anthropic's format.
 */
export interface IrMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: readonly IrPart[];
  /** OpenAI `developer` role, kept so OpenAI → OpenAI round trips are exact. */
  readonly developer?: boolean | undefined;
}
