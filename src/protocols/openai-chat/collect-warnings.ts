import type { IrExtensions } from '../../ir/extensions.js';
import type { IrWarning } from '../../ir/warning.js';

/**
 * Collects conversion warnings one per kind, not per occurrence: a repeated kind is counted and
 * reported once ("… (3 times)"), so a 200-message conversation does not log 200 lines.
 */
export class WarningCollector {
  private readonly entries = new Map<string, { code: string; message: string; count: number }>();

  /**
   * Records a warning.
   * @param code stable code (`dropped-field`, `degraded-block`, …)
   * @param message what happened; field names only, never request content
   * @param kind what makes two warnings the same kind (defaults to `code`)
   */
  add(code: string, message: string, kind: string = code): void {
    const entry = this.entries.get(kind);
    if (entry === undefined) this.entries.set(kind, { code, message, count: 1 });
    else entry.count += 1;
  }

  /** The warnings in first-seen order. */
  list(): IrWarning[] {
    return [...this.entries.values()].map(({ code, message, count }) => ({
      code,
      message: count > 1 ? `${message} (${count} times)` : message,
    }));
  }
}

/**
 * Warns about the extensions of formats other than the encoder's own, which its upstream has no
 * place for: one `dropped-extension` warning per format, naming the fields.
 * @param format the encoder's own format (its namespace is read, not dropped)
 * @param apiName the upstream API in the message (`OpenAI Chat`, `Gemini`)
 * `<format>.layout` namespaces (another spoke's notes for an exact round trip of its own format,
 * never content) are passed over silently.
 */
export function warnDroppedExtensions(
  extensions: IrExtensions,
  format: string,
  apiName: string,
  warnings: WarningCollector,
): void {
  for (const [namespace, fields] of Object.entries(extensions)) {
    const keys = Object.keys(fields);
    if (namespace === format || keys.length === 0) continue;
    if (namespace.endsWith('.layout')) continue;
    warnings.add(
      'dropped-extension',
      `extensions.${namespace} (${keys.join(', ')}) has no ${apiName} equivalent and was dropped.`,
      `dropped-extension:${namespace}`,
    );
  }
}
