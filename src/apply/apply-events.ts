/**
 * What apply reports while it runs. The CLI connects these to the progress display, metrics, the audit log and
 * the portal export; apply itself knows none of them. Every callback may return a promise (an audit append),
 * which apply waits for before the step goes on, so that an entry is written before the next one starts.
 * A callback that throws does not change the outcome of the step it observes: the error is kept in the result.
 */
import type { RemoteSchema, SchemaWriteBody } from '../model/schema.js';
import type { PlannedWrite, PlanStep, StepKind } from '../plan/plan-types.js';

export type StepResult = 'done' | 'failed' | 'skipped' | 'blocked';

export interface StepOutcome {
  externalId: string;
  kind: PlanStep['kind'];
  wave: number;
  managed: boolean;
  result: StepResult;
  /** The version and status the org holds after the step, when known. */
  version?: number;
  status?: RemoteSchema['status'];
  /** Writes this run made for the step. */
  writes: number;
  /** True when a version conflict made apply plan the schema again. */
  rebased: boolean;
  /**
   * True when the org already held the desired state (someone else, or an earlier run, wrote it), or when the
   * step's last write was found there by a read back after its answer was lost (`foundByReadBack`).
   */
  alreadyDone: boolean;
  /**
   * True when a write of the step ended on a read back that found the org holding what it makes, its answer lost:
   * that write, or an identical one of another run, made the version, and which cannot be known, so the step does
   * not claim it (it is not counted in `writes`).
   */
  foundByReadBack?: boolean;
  /**
   * After a conflict, or a write found by a read back, what this run still did: the kind of the step planned again
   * (a `create` whose POST met someone else's schema ends as a `publish`, say), or of the writes left after the one
   * found. Absent when the step ran as planned.
   */
  doneAs?: StepKind;
  /** Why a step failed, was skipped or is blocked. */
  reason?: string;
  /** The platform's correlation id travels with an API refusal, for the audit entry. */
  error?: {
    message: string;
    status?: number;
    code?: string;
    correlationId?: string;
    /** True when the platform answered the write itself with a 4xx (not a read made after it): it was not done. */
    refused?: boolean;
  };
  durationMs: number;
}

export interface WriteEvent {
  step: PlanStep;
  /**
   * The step as last planned: `step` itself, or its re-plan after a version conflict, whose `from` is the
   * version someone else wrote and whose `changes` are the diff against it.
   */
  current: PlanStep;
  write: PlannedWrite;
  /** The resource as the org stored it. */
  result: RemoteSchema;
  latencyMs: number;
  /** The `ININ-Correlation-Id` the write went out with, when apply was given a way to know it. */
  correlationId?: string;
}

/**
 * A write whose answer was lost and whose read back found the org holding what it makes: this write, applied, or
 * an identical one of another run (two applies of the same files racing). No one can tell which, so it is not
 * claimed: not an `onWrite`, not counted in the step's `writes`.
 */
export interface WriteFoundEvent extends Omit<WriteEvent, 'result' | 'correlationId'> {
  /** The version the org holds, as read back. */
  result: RemoteSchema;
  /** The `ININ-Correlation-Id` of the write's last send that was answered, when apply was given a way to know it. */
  correlationId?: string;
}

/** A write about to be sent: announced first, so that a run killed before its answer still left a record. */
export interface WriteIntent {
  step: PlanStep;
  /** The step as last planned (see WriteEvent). */
  current: PlanStep;
  write: PlannedWrite;
  /** The body sent, its version the one the write makes. */
  body: SchemaWriteBody;
}

export interface ConflictRetryEvent {
  step: PlanStep;
  /** 1 for the one retry apply makes after a conflict. */
  attempt: number;
  reason: 'version-conflict' | 'exists';
  message: string;
}

/**
 * A write the org refused with a conflict: not done. Every conflict, the first (planned again) and any later, except
 * one that answered a send after a lost answer: the earlier send may have been done (the error's outcomeUnknown).
 */
export interface WriteRefusedEvent {
  step: PlanStep;
  reason: 'version-conflict' | 'exists';
  message: string;
  /** True when apply plans the step again and tries once more; false for a conflict that is not written over. */
  retried: boolean;
}

export interface ApplyEvents {
  onWaveStart?(event: { wave: number; waves: number; steps: readonly PlanStep[] }): void | Promise<void>;
  onStepStart?(step: PlanStep): void | Promise<void>;
  /** A write is about to be sent (awaited before it is). */
  onWriteIntended?(event: WriteIntent): void | Promise<void>;
  /** One write accepted by the org (a step makes one to three). */
  onWrite?(event: WriteEvent): void | Promise<void>;
  /** One write whose answer was lost, found in the org by its read back: not claimed (WriteFoundEvent). */
  onWriteFound?(event: WriteFoundEvent): void | Promise<void>;
  /** A write refused with a conflict (before `onRetry`, when apply tries again). */
  onWriteRefused?(event: WriteRefusedEvent): void | Promise<void>;
  /** A version conflict: apply re-reads the schema and plans it again. */
  onRetry?(event: ConflictRetryEvent): void | Promise<void>;
  onStepDone?(outcome: StepOutcome): void | Promise<void>;
  onStepFailed?(outcome: StepOutcome): void | Promise<void>;
  /** A step that did not run: a dependency failed, it is blocked, or apply stopped. */
  onStepSkipped?(outcome: StepOutcome): void | Promise<void>;
  onWaveDone?(event: { wave: number; waves: number; outcomes: readonly StepOutcome[] }): void | Promise<void>;
}

/** Calls one observer; returns the error message when it threw, so that apply can report it afterwards. */
export async function emitEvent(call: () => void | Promise<void>): Promise<string | undefined> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
