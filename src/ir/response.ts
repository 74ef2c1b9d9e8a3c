import type { IrExtensions } from './extensions.js';
import type { IrFinishReason } from './finish-reason.js';
import type { IrPart } from './part.js';
import type { IrUsage } from './usage.js';

/** A complete (non-streamed) model answer. */
export interface IrResponse {
  readonly id: string;
  /** The model that answered, as the upstream named it. */
  readonly model: string;
  readonly content: readonly IrPart[];
  readonly finishReason: IrFinishReason;
  /** The stop sequence that ended generation, when `finishReason` is `stop-sequence`. */
  readonly stopSequence?: string | undefined;
  readonly usage: IrUsage;
  readonly extensions: IrExtensions;
}
