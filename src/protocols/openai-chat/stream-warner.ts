import type { IrWarning } from '../../ir/warning.js';

/**
 * Passes a stream decoder's warnings on once per kind: a stream meets its problems event by event
 * and has no collector to count them, so the first of a kind is reported and repeats are not.
 */
export class StreamWarner {
  private readonly onWarning: ((warning: IrWarning) => void) | undefined;
  private readonly warned = new Set<string>();

  /** @param onWarning receives each kind's first warning (nothing is reported without it) */
  constructor(onWarning: ((warning: IrWarning) => void) | undefined) {
    this.onWarning = onWarning;
  }

  /**
   * Reports a warning unless one of its kind was reported already.
   * @param kind what makes two warnings the same kind (defaults to `code`)
   */
  warn(code: string, message: string, kind: string = code): void {
    if (this.warned.has(kind)) return;
    this.warned.add(kind);
    this.onWarning?.({ code, message });
  }
}
