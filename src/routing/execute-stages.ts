import { GatewayError } from '../errors/gateway-error.js';
import { executeAttempts, type Attempt, type ExecuteOptions } from './execute.js';
import type { RouteTarget } from './route-table.js';

/**
 * One group of candidates the request may go to: the primary resolution, a preview variant
 * (`quota-exceeded.switch-preview-model`) or a fallback model (`fallbacks`).
 */
export interface AttemptStage {
  /** `primary`, `preview` (tried only after a 429 of the stage before) or `fallback`. */
  readonly kind: 'primary' | 'preview' | 'fallback';
  /** The model reference this stage stands for (`upstream/model` or the configured reference). */
  readonly reference: string;
  /** Non-empty, in order. */
  readonly candidates: readonly RouteTarget[];
}

/** What `executeStages` returns: the accepted result and the stage that produced it. */
export interface StagedResult<Result> {
  readonly result: Result;
  readonly stage: AttemptStage;
  /** 0 for the primary stage. */
  readonly stageIndex: number;
}

/** Options of {@link executeStages}: those of the attempt loop, minus the candidates. */
export type ExecuteStagesOptions<Result> = Omit<ExecuteOptions<Result>, 'candidates' | 'run'> & {
  /** Runs one attempt of one stage (see `ExecuteOptions.run`). */
  readonly run: (attempt: Attempt, stage: AttemptStage) => Promise<Result>;
  /** Called when a stage gave up and the next one takes over. */
  readonly onFallback?: ((error: GatewayError, from: AttemptStage, to: AttemptStage) => void) | undefined;
};

/**
 * Runs the attempt loop over each stage in turn (DESIGN.md: execute is the one loop that retries,
 * rotates credentials and falls back — before the first byte only). A stage that ends in an error
 * that may succeed elsewhere ({@link fallsBack}) hands over to the next stage; a `preview` stage
 * is entered only when the stage before ended in a 429 (quota), as CLIProxyAPI's
 * `quota-exceeded.switch-preview-model` (seed 002). Each stage gets the full `request-retry` budget.
 * @param primary the stage of the request's own resolution
 * @param laterStages the preview and fallback stages, in order; called only once the primary failed
 *   (so a request that succeeds never pays for resolving its fallbacks)
 * @throws the last stage's error when every stage failed, its message followed by how each
 *   earlier stage failed (`describeEarlierStages`: the client learns why its fallbacks did not
 *   help, not only why the last one did not); at once an error that would fail anywhere (a 400,
 *   413 or 422: the request itself is at fault) or when the signal aborted
 */
export async function executeStages<Result>(
  primary: AttemptStage,
  laterStages: () => readonly AttemptStage[],
  options: ExecuteStagesOptions<Result>,
): Promise<StagedResult<Result>> {
  // No error object up front: capturing a stack trace costs ~10 µs on every request.
  let lastError: unknown;
  /** How the stages before the last failed (only filled on the way to a failure). */
  const earlier: string[] = [];
  let previous: AttemptStage | undefined;
  let stages: readonly AttemptStage[] = [primary];
  for (let stageIndex = 0; stageIndex < stages.length; stageIndex += 1) {
    const stage = stages[stageIndex];
    if (stage === undefined || stage.candidates.length === 0) continue;
    if (stage.kind === 'preview' && !(lastError instanceof GatewayError && lastError.status === 429))
      continue;
    if (previous !== undefined && lastError instanceof GatewayError) {
      options.onFallback?.(lastError, previous, stage);
      earlier.push(describeStage(previous, lastError));
    }
    try {
      const result = await executeAttempts<Result>({
        ...options,
        candidates: stage.candidates,
        run: (attempt) => options.run(attempt, stage),
      });
      return { result, stage, stageIndex };
    } catch (error) {
      lastError = error;
      previous = stage;
      if (options.signal.aborted || !fallsBack(error)) throw error;
      if (stageIndex === 0) stages = [primary, ...laterStages()];
    }
  }
  if (lastError instanceof GatewayError && earlier.length > 0) {
    lastError.message = `${lastError.message.replace(/\.?$/, '.')} Tried before: ${earlier.join('; ')}.`;
  }
  throw lastError ?? new TypeError('executeStages needs a stage with candidates');
}

/** Longest part of an earlier stage's message kept in the final one, characters. */
const STAGE_MESSAGE_CHARS = 200;

/** One failed stage, e.g. `'up/model' (primary): Upstream 'up' answered 429` (no final period). */
function describeStage(stage: AttemptStage, error: GatewayError): string {
  let message = error.message.replace(/\.$/, '');
  if (message.length > STAGE_MESSAGE_CHARS) message = `${message.slice(0, STAGE_MESSAGE_CHARS)}…`;
  return `'${stage.reference}' (${stage.kind}): ${message}`;
}

/**
 * Whether another model might take a request that failed with `error`: every gateway error except
 * those that blame the request itself (400 invalid request, 413 too large, 422 unprocessable),
 * which would fail the same way anywhere. Non-gateway errors (bugs, aborts) never fall back.
 */
export function fallsBack(error: unknown): boolean {
  if (!(error instanceof GatewayError)) return false;
  return error.status !== 400 && error.status !== 413 && error.status !== 422;
}
