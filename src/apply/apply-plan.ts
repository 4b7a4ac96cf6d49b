/**
 * applyPlan: runs a plan's steps wave by wave, at most `concurrency` at a time, each wave after the previous
 * one has finished (a wave's steps reference only schemas of earlier waves). A step that fails, is blocked or is
 * skipped stops the steps that depend on it, directly or not; independent steps go on. A refusal that would hold
 * for every step (401, 403) stops the run: the steps not started are skipped with that reason.
 */
import { countOption } from '../model/option-count.js';
import type { Plan, PlanStep } from '../plan/plan-types.js';
import { emitEvent, type ApplyEvents, type StepOutcome } from './apply-events.js';
import { summarizeApply, type ApplySummary } from './apply-summary.js';
import { runBounded } from './bounded-pool.js';
import { runStep, StepFailure, type ApplyTarget, type StepRun, type TrackWrite } from './run-step.js';
import { describeError, isFatal } from './write-errors.js';

export const DEFAULT_APPLY_CONCURRENCY = 8;

export interface ApplyOptions {
  target: ApplyTarget;
  /** Steps in flight at once: a whole number of at least 1 (default 8); a ConfigError otherwise. */
  concurrency?: number;
  events?: ApplyEvents;
  /** Tells each write's correlation id to the onWrite event (createWriteCorrelation().track in src/observe). */
  trackWrite?: TrackWrite;
  /** Milliseconds, for durations and latencies. */
  now?: () => number;
  /**
   * Stops the run when aborted (Ctrl-C): the steps in flight finish, no other starts; those are skipped with the
   * abort's reason (a string) and the result says the run stopped.
   */
  signal?: AbortSignal;
  /**
   * Abandons the run when aborted (a second Ctrl-C): no write is sent from then on, not even the next one of a
   * step in flight, which fails with the abort's reason (a string). Abort `signal` first.
   */
  abandon?: AbortSignal;
}

export interface ApplyResult {
  /** One outcome per step of the plan, noop steps included, in plan order. */
  outcomes: StepOutcome[];
  summary: ApplySummary;
  durationMs: number;
  /** Why the run stopped early, when it did. */
  stopped?: string;
  /** Messages of event callbacks that threw (the steps they observed went on). */
  eventErrors: string[];
}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const now = options.now ?? Date.now;
  const events = options.events ?? {};
  const concurrency = countOption(options.concurrency, DEFAULT_APPLY_CONCURRENCY, 'concurrency');
  const started = now();
  const eventErrors: string[] = [];
  const emit = async (call: () => void | Promise<void>): Promise<void> => {
    const failed = await emitEvent(call);
    if (failed !== undefined) eventErrors.push(failed);
  };

  const outcomes = new Map<string, StepOutcome>();
  /** Schemas whose step did not succeed, with the word that says why, for their dependents' reason. */
  const unsuccessful = new Map<string, string>();
  let stopped: string | undefined;

  const outcomeOf = (step: PlanStep, fields: Partial<StepOutcome> & Pick<StepOutcome, 'result'>): StepOutcome => ({
    externalId: step.externalId,
    kind: step.kind,
    wave: step.wave,
    managed: step.managed,
    writes: 0,
    rebased: false,
    alreadyDone: false,
    durationMs: 0,
    ...fields,
  });

  const runOne = async (step: PlanStep): Promise<void> => {
    if (stopped === undefined && options.signal?.aborted === true) stopped = String(options.signal.reason);
    if (stopped !== undefined) {
      const outcome = outcomeOf(step, { result: 'skipped', reason: `not started: ${stopped}` });
      unsuccessful.set(step.externalId, 'was not started');
      outcomes.set(step.externalId, outcome);
      await emit(() => events.onStepSkipped?.(outcome));
      return;
    }
    if (step.blocked !== undefined) {
      const outcome = outcomeOf(step, { result: 'blocked', reason: step.blocked });
      unsuccessful.set(step.externalId, 'is blocked');
      outcomes.set(step.externalId, outcome);
      await emit(() => events.onStepSkipped?.(outcome));
      return;
    }
    const failedDependency = step.dependsOn.find((id) => unsuccessful.has(id));
    if (failedDependency !== undefined) {
      const outcome = outcomeOf(step, {
        result: 'skipped',
        reason: `depends on ${failedDependency}, which ${unsuccessful.get(failedDependency)}`,
      });
      unsuccessful.set(step.externalId, 'was skipped');
      outcomes.set(step.externalId, outcome);
      await emit(() => events.onStepSkipped?.(outcome));
      return;
    }

    await emit(() => events.onStepStart?.(step));
    const stepStarted = now();
    try {
      const run = await runStep(step, {
        target: options.target,
        now,
        ...(options.trackWrite === undefined ? {} : { trackWrite: options.trackWrite }),
        onWriteIntended: (event) => emit(() => events.onWriteIntended?.(event)),
        onWrite: (event) => emit(() => events.onWrite?.(event)),
        onWriteFound: (event) => emit(() => events.onWriteFound?.(event)),
        onWriteRefused: (event) => emit(() => events.onWriteRefused?.(event)),
        onRetry: (event) => emit(() => events.onRetry?.(event)),
        ...(options.abandon === undefined ? {} : { abandon: options.abandon }),
      });
      const outcome = outcomeOf(step, { result: 'done', ...runFields(run), durationMs: now() - stepStarted });
      outcomes.set(step.externalId, outcome);
      await emit(() => events.onStepDone?.(outcome));
    } catch (thrown) {
      const error = thrown instanceof StepFailure ? thrown.error : thrown;
      const run = thrown instanceof StepFailure ? thrown.run : { writes: 0, rebased: false, alreadyDone: false };
      const described = describeError(error);
      const outcome = outcomeOf(step, {
        result: 'failed',
        ...runFields(run),
        reason: described.message,
        error: described,
        durationMs: now() - stepStarted,
      });
      unsuccessful.set(step.externalId, 'failed');
      outcomes.set(step.externalId, outcome);
      if (isFatal(error) && stopped === undefined) stopped = described.message;
      await emit(() => events.onStepFailed?.(outcome));
    }
  };

  for (let wave = 0; wave < plan.waves; wave++) {
    const steps = plan.steps.filter((step) => step.wave === wave && step.kind !== 'noop');
    if (steps.length === 0) continue;
    await emit(() => events.onWaveStart?.({ wave, waves: plan.waves, steps }));
    await runBounded(steps, concurrency, runOne);
    const waveOutcomes = steps.map((step) => outcomes.get(step.externalId)!);
    await emit(() => events.onWaveDone?.({ wave, waves: plan.waves, outcomes: waveOutcomes }));
  }

  const ordered = plan.steps.map(
    (step) =>
      outcomes.get(step.externalId) ??
      outcomeOf(step, step.kind === 'noop' ? { result: 'done' } : { result: 'skipped', reason: 'not reached' }),
  );
  const result: ApplyResult = {
    outcomes: ordered,
    summary: summarizeApply(ordered),
    durationMs: now() - started,
    eventErrors,
  };
  if (stopped !== undefined) result.stopped = stopped;
  return result;
}

function runFields(run: StepRun): Partial<StepOutcome> {
  const fields: Partial<StepOutcome> = { writes: run.writes, rebased: run.rebased, alreadyDone: run.alreadyDone };
  if (run.foundByReadBack) fields.foundByReadBack = true;
  if (run.doneAs !== undefined && !run.alreadyDone) fields.doneAs = run.doneAs;
  if (run.last !== undefined) {
    fields.version = run.last.version;
    fields.status = run.last.status;
  }
  return fields;
}
