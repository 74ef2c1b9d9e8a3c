/**
 * Why the model stopped. Anthropic `stop_reason` ↔ OpenAI `finish_reason` ↔ Gemini `finishReason`:
 * end-turn (end_turn / stop / STOP), max-tokens (max_tokens / length / MAX_TOKENS), stop-sequence
 * (stop_sequence / stop), tool-use (tool_use / tool_calls), refusal (refusal / content_filter /
 * SAFETY…), pause-turn (pause_turn), context-exceeded (model_context_window_exceeded), other.
 */
export type IrFinishReason =
  | 'end-turn'
  | 'max-tokens'
  | 'stop-sequence'
  | 'tool-use'
  | 'refusal'
  | 'pause-turn'
  | 'context-exceeded'
  | 'other';
