import type { GatewayError } from '../errors/gateway-error.js';
import type { IrFinishReason } from './finish-reason.js';
import type { IrSignature } from './part.js';
import type { IrUsage } from './usage.js';

/**
 * One event of a streamed answer, format-independent. A stream is
 * `response-start`, then content blocks, each `*-start` → deltas → `*-end` (blocks do not
 * interleave: a block ends before the next starts), optional `usage` updates, and last `finish`
 * or `error`. `index` is the block's position in the answer's content, from 0, in start order.
 */
export type IrStreamPart =
  | {
      readonly type: 'response-start';
      readonly id: string;
      readonly model: string;
      /** Usage known at the start (Anthropic reports input tokens here). */
      readonly usage?: Partial<IrUsage> | undefined;
    }
  | { readonly type: 'text-start'; readonly index: number }
  | { readonly type: 'text-delta'; readonly index: number; readonly text: string }
  | { readonly type: 'text-end'; readonly index: number }
  | { readonly type: 'reasoning-start'; readonly index: number }
  | { readonly type: 'reasoning-delta'; readonly index: number; readonly text: string }
  /** The signature of the reasoning block; always before its `reasoning-end`. */
  | { readonly type: 'reasoning-signature'; readonly index: number; readonly signature: IrSignature }
  | { readonly type: 'reasoning-end'; readonly index: number }
  /** A whole redacted reasoning block (it arrives in one piece). */
  | {
      readonly type: 'redacted-reasoning';
      readonly index: number;
      readonly data: string;
      readonly provider: string;
    }
  | {
      readonly type: 'tool-input-start';
      readonly index: number;
      readonly id: string;
      readonly name: string;
      /** Provider token that must go back with the call (Gemini `thoughtSignature`). */
      readonly signature?: IrSignature | undefined;
    }
  /** A fragment of the tool call's JSON arguments, as text. */
  | { readonly type: 'tool-input-delta'; readonly index: number; readonly json: string }
  | { readonly type: 'tool-input-end'; readonly index: number }
  /** A whole block of a kind the IR does not model (see `IrOpaquePart`). */
  | {
      readonly type: 'opaque-block';
      readonly index: number;
      readonly format: string;
      readonly value: Readonly<Record<string, unknown>>;
    }
  /** Cumulative usage so far (fields present are the latest totals). */
  | { readonly type: 'usage'; readonly usage: Partial<IrUsage> }
  | {
      readonly type: 'finish';
      readonly finishReason: IrFinishReason;
      readonly stopSequence?: string | undefined;
      /** Final totals. */
      readonly usage: IrUsage;
    }
  /** The stream failed after it started; encoders emit their format's stream error. */
  | { readonly type: 'error'; readonly error: GatewayError }
  /** Nothing happened but the connection is alive (Anthropic `ping`). */
  | { readonly type: 'keep-alive' };
