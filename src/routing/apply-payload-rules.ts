import picomatch from 'picomatch';
import type { PayloadRule, PayloadRules, UpstreamFormat } from '../config/switchboard-config.js';

/** One `params` entry of a rule, its path split once. */
interface CompiledParam {
  /** The dot-separated path as written in the config (used in reports). */
  readonly path: string;
  readonly segments: readonly string[];
  readonly value: unknown;
}

/** One rule with its model globs compiled. */
interface CompiledRule {
  readonly matches: (model: string, format: UpstreamFormat) => boolean;
  readonly params: readonly CompiledParam[];
}

/**
 * The `payload` rules of one config, compiled once (see {@link compilePayloadRules}): defaults and
 * overrides in config order, each with its model matchers compiled to picomatch functions.
 */
export interface CompiledPayloadRules {
  readonly defaults: readonly CompiledRule[];
  readonly overrides: readonly CompiledRule[];
}

/** Where a payload goes: the upstream model id (as sent) and the upstream's wire format. */
export interface PayloadTarget {
  readonly model: string;
  readonly format: UpstreamFormat;
}

/**
 * The outcome of {@link applyPayloadRules}. `body` is the input object itself when `changed` is
 * false; `applied` lists, in order, `default <path>` / `override <path>` for each param of a
 * matching rule that was written (an override also when the path already held that very value),
 * and `skipped <kind> <path>: <reason>` for each one that could not be written.
 */
export interface PayloadRulesResult {
  readonly body: Record<string, unknown>;
  readonly changed: boolean;
  readonly applied: readonly string[];
}

type RuleKind = 'default' | 'override';
type Container = Record<string, unknown> | unknown[];

const compiledRules = new WeakMap<PayloadRules, CompiledPayloadRules>();
const NOTHING_APPLIED: readonly string[] = Object.freeze([]);
const NUMERIC_SEGMENT = /^(?:0|[1-9]\d*)$/;

/**
 * Compiles (once per `PayloadRules` object, memoised in a WeakMap) a config's `payload` rules
 * (seed 002, "Payload Configuration"). Model names are case-sensitive picomatch globs in which
 * `*` also crosses `/` (so `*kimi*` matches `moonshotai/kimi-k2`, as CLIProxyAPI's wildcards do);
 * a matcher with a `format` matches only upstreams of that format. Pure apart from the memo;
 * never throws.
 */
export function compilePayloadRules(rules: PayloadRules): CompiledPayloadRules {
  const cached = compiledRules.get(rules);
  if (cached) return cached;
  const compiled: CompiledPayloadRules = {
    defaults: rules.defaults.map(compileRule),
    overrides: rules.overrides.map(compileRule),
  };
  compiledRules.set(rules, compiled);
  return compiled;
}

/**
 * Applies compiled `payload` rules (seed 002, "Payload Configuration") to one upstream request
 * body. A rule applies when any of its model matchers matches `target.model` (and, when the
 * matcher names one, `target.format`). Paths are dot-separated; a numeric segment indexes an
 * array (`messages.0.role`), an index equal to the length appends; missing intermediate values
 * are created as objects. Every matching default runs first and sets its path only when it is
 * absent (`undefined`); then every matching override sets its path always, so an override wins
 * over a default and, between rules, the first default and the last override win. A path through
 * a non-object (string, number, `null`, …), a non-numeric segment into an array or an index past
 * the end is skipped and reported in `applied`.
 *
 * Pure: the input is never mutated; only the containers along written paths are copied (once
 * each), every other branch is shared with the input. When no rule matches, the input object is
 * returned with no allocation beyond the result. Never throws.
 */
export function applyPayloadRules(
  compiled: CompiledPayloadRules,
  target: PayloadTarget,
  body: Record<string, unknown>,
): PayloadRulesResult {
  const defaults = matchingRules(compiled.defaults, target);
  const overrides = matchingRules(compiled.overrides, target);
  if (defaults === undefined && overrides === undefined) {
    return { body, changed: false, applied: NOTHING_APPLIED };
  }
  const writer = new PathWriter(body);
  const applied: string[] = [];
  for (const rule of defaults ?? []) {
    for (const param of rule.params) writer.write('default', param, applied);
  }
  for (const rule of overrides ?? []) {
    for (const param of rule.params) writer.write('override', param, applied);
  }
  return { body: writer.root, changed: writer.root !== body, applied };
}

function compileRule(rule: PayloadRule): CompiledRule {
  const matchers = rule.models.map((model) => ({
    pattern: picomatch.makeRe(model.name, { dot: true, bash: true }),
    format: model.format,
  }));
  return {
    matches: (name, format) => {
      for (const matcher of matchers) {
        if ((matcher.format === undefined || matcher.format === format) && matcher.pattern.test(name))
          return true;
      }
      return false;
    },
    params: rule.params.map((param) => ({
      path: param.path,
      segments: param.path.split('.'),
      value: param.value,
    })),
  };
}

/** The matching rules, or undefined when none matches (so the common case allocates nothing). */
function matchingRules(rules: readonly CompiledRule[], target: PayloadTarget): CompiledRule[] | undefined {
  let matched: CompiledRule[] | undefined;
  for (const rule of rules) {
    if (!rule.matches(target.model, target.format)) continue;
    (matched ??= []).push(rule);
  }
  return matched;
}

/**
 * Copy-on-write path setter over one root: a container is shallow-copied the first time a path
 * writes through it, and written in place afterwards (the copies are tracked in `owned`).
 */
class PathWriter {
  root: Record<string, unknown>;
  private readonly owned = new Set<Container>();

  constructor(root: Record<string, unknown>) {
    this.root = root;
  }

  write(kind: RuleKind, param: CompiledParam, applied: string[]): void {
    const { segments, path } = param;
    // First walk read-only, so that a default whose path is present (or a skipped path) copies nothing.
    let current: unknown = this.root;
    for (let index = 0; index < segments.length; index++) {
      const segment = segments[index] ?? '';
      const problem = cannotEnter(current, segment);
      if (problem !== undefined) {
        applied.push(`skipped ${kind} ${path}: ${describeAt(segments, index)} ${problem}`);
        return;
      }
      const next = readChild(current as Container, segment);
      if (next === undefined) break;
      if (index === segments.length - 1) {
        if (kind === 'default') return;
        if (Object.is(next, param.value)) {
          applied.push(`${kind} ${path}`);
          return;
        }
      }
      current = next;
    }
    this.set(segments, cloneValue(param.value));
    applied.push(`${kind} ${path}`);
  }

  /** Sets the (already checked) path, copying each container along it at most once. */
  private set(segments: readonly string[], value: unknown): void {
    this.root = this.own(this.root) as Record<string, unknown>;
    let container: Container = this.root;
    for (let index = 0; index < segments.length - 1; index++) {
      const segment = segments[index] ?? '';
      const child = readChild(container, segment);
      const next = child === undefined ? {} : this.own(child as Container);
      if (next !== child) writeChild(container, segment, next);
      if (child === undefined) this.owned.add(next);
      container = next;
    }
    writeChild(container, segments[segments.length - 1] ?? '', value);
    // A fresh copy of a config value: a later param may write inside it in place.
    if (typeof value === 'object' && value !== null) this.owned.add(value as Container);
  }

  private own(container: Container): Container {
    if (this.owned.has(container)) return container;
    const copy: Container = Array.isArray(container) ? [...container] : { ...container };
    this.owned.add(copy);
    return copy;
  }
}

/** Why `segment` cannot be read or written below `value`, or undefined when it can. */
function cannotEnter(value: unknown, segment: string): string | undefined {
  if (Array.isArray(value)) {
    if (!NUMERIC_SEGMENT.test(segment)) return `is an array (segment '${segment}' is not an index)`;
    if (Number(segment) > value.length) return `has ${value.length} items (index ${segment} is past the end)`;
    return undefined;
  }
  if (value === null) return 'is null';
  if (typeof value !== 'object') return `is a ${typeof value}`;
  return undefined;
}

function describeAt(segments: readonly string[], index: number): string {
  return index === 0 ? 'the body' : `'${segments.slice(0, index).join('.')}'`;
}

/** An own property (or array item); inherited ones (`constructor`, …) count as absent. */
function readChild(container: Container, segment: string): unknown {
  if (Array.isArray(container)) return container[Number(segment)];
  return Object.hasOwn(container, segment) ? container[segment] : undefined;
}

function writeChild(container: Container, segment: string, value: unknown): void {
  if (Array.isArray(container)) {
    container[Number(segment)] = value;
    return;
  }
  // defineProperty, so that a `__proto__` segment makes an own key instead of changing the prototype.
  Object.defineProperty(container, segment, { value, writable: true, enumerable: true, configurable: true });
}

/** Config values are shared by every request: a body gets its own copy of an object value. */
function cloneValue(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}
