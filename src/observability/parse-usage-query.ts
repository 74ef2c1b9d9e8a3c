import type { UsageDimension } from './usage-query.js';

/** Periods `switchboard usage --period` accepts: the last hour, day (24 h), week (7 d), month (30 d), or everything. */
export type UsagePeriod = 'hour' | 'day' | 'week' | 'month' | 'all';

/** Every {@link UsagePeriod}. */
export const USAGE_PERIODS: readonly UsagePeriod[] = ['hour', 'day', 'week', 'month', 'all'];

const PERIOD_MS: Readonly<Record<Exclude<UsagePeriod, 'all'>, number>> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
};

/**
 * Where a period starts (ms since the epoch), counting back from `now`; undefined for `all`.
 * @param now ms since the epoch
 */
export function usagePeriodStart(period: UsagePeriod, now: number): number | undefined {
  return period === 'all' ? undefined : now - PERIOD_MS[period];
}

/**
 * Parses a time bound of a usage query: ms since the epoch (digits only) or an ISO 8601 date /
 * date-time (`2025-01-31`, `2025-01-31T12:00:00Z`; a date-time without a zone is read as UTC).
 * @returns ms since the epoch, or undefined when the text is neither
 */
export function parseUsageTime(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const ms = Number(trimmed);
    return Number.isSafeInteger(ms) ? ms : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const zoned = /T.*(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) || !trimmed.includes('T') ? trimmed : `${trimmed}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : ms;
}

const DIMENSION_NAMES: Readonly<Record<string, UsageDimension>> = {
  model: 'model',
  'upstream-model': 'upstreamModel',
  upstreammodel: 'upstreamModel',
  upstream: 'upstream',
  key: 'inboundKey',
  'inbound-key': 'inboundKey',
  inboundkey: 'inboundKey',
};

/**
 * Parses a comma-separated dimension list: `model`, `upstream-model` (or `upstreamModel`),
 * `upstream`, `key` (or `inbound-key`, `inboundKey`); case-insensitive, duplicates collapsed,
 * empty = none.
 * @returns the dimensions in the order given, or the first unknown name as `{ unknown }`
 */
export function parseUsageDimensions(text: string): UsageDimension[] | { unknown: string } {
  const dimensions: UsageDimension[] = [];
  for (const part of text.split(',')) {
    const name = part.trim();
    if (name === '') continue;
    const dimension = DIMENSION_NAMES[name.toLowerCase()];
    if (dimension === undefined) return { unknown: name };
    if (!dimensions.includes(dimension)) dimensions.push(dimension);
  }
  return dimensions;
}
