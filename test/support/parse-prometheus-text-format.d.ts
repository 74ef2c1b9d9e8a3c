// Types of parse-prometheus-text-format 1.1 (a CommonJS module exporting one function; it ships no
// types): its output follows prom2json's JSON shape.
declare module 'parse-prometheus-text-format' {
  /** One sample of a family: labels plus a value (counter, gauge, untyped) or buckets/quantiles. */
  export interface PrometheusSample {
    readonly labels?: Readonly<Record<string, string>>;
    /** The value as written (`"1"`, `"+Inf"`, `"NaN"`). */
    readonly value?: string;
    /** Histograms: cumulative counts by upper bound (`le`). */
    readonly buckets?: Readonly<Record<string, string>>;
    /** Summaries: values by quantile. */
    readonly quantiles?: Readonly<Record<string, string>>;
    readonly count?: string;
    readonly sum?: string;
  }

  /** One metric family (`# HELP` / `# TYPE` and its samples). */
  export interface PrometheusFamily {
    readonly name: string;
    readonly help: string;
    readonly type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    readonly metrics: readonly PrometheusSample[];
  }

  /**
   * Parses the Prometheus text exposition format.
   * @throws Error on a malformed line
   */
  export default function parsePrometheusTextFormat(text: string): PrometheusFamily[];
}
