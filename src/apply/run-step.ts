/**
 * One step: its writes in order. On a version conflict (someone wrote the schema since it was planned) the
 * schema is read again: if the org now holds the desired state the step is done; otherwise it is planned again
 * against what the org holds, compatibility included, and tried once more. A second conflict fails the step
 * (unless one more read shows the org already in the desired state, as when two applies of the same files
 * race), and so does a new plan that breaks compatibility, with a message that says what happened.
 */
import { CxError } from '../model/errors.js';
import type { RemoteSchema, SchemaWriteBody } from '../model/schema.js';
import { historyNeeded } from '../plan/compat-adapter.js';
import { planSchema } from '../plan/plan-schema.js';
import type { PlanStep } from '../plan/plan-types.js';
import { contentOfRemote, writeBody } from '../plan/schema-content.js';
import type {
  ConflictRetryEvent,
  WriteEvent,
  WriteFoundEvent,
  WriteIntent,
  WriteRefusedEvent,
} from './apply-events.js';
import { conflictKind } from './write-errors.js';
import type { Family } from '../family/family.js';
import { CUSTOM_OBJECTS_FAMILY } from '../family/index.js';
import { ApiError } from '../genesys/api-error.js';
import type { ReadOptions, WriteOptions } from '../genesys/target.js';

/** The part of a Target that apply uses (src/genesys/target.ts). */
export interface ApplyTarget {
  /** The platform family written to: custom objects when absent. */
  readonly family?: Family;
  get(externalId: string, read?: ReadOptions): Promise<RemoteSchema | undefined>;
  create(body: SchemaWriteBody, options?: WriteOptions): Promise<RemoteSchema>;
  update(body: SchemaWriteBody, options?: WriteOptions): Promise<RemoteSchema>;
  versions(externalId: string, read?: ReadOptions): Promise<RemoteSchema[]>;
}

export interface StepRun {
  /** Writes the org answered as done: this run's, claimed in the audit log and the change event. */
  writes: number;
  rebased: boolean;
  alreadyDone: boolean;
  /** A write ended on a read back that found it in the org, its answer lost (WriteFoundEvent): not claimed. */
  foundByReadBack?: boolean;
  /** The kind of the step planned again after a conflict, when one was. */
  doneAs?: PlanStep['kind'];
  /** The last resource the org returned or holds for this schema, when known. */
  last?: RemoteSchema;
}

/**
 * Runs one write and tells the `ININ-Correlation-Id` it went out with, when the client can say
 * (src/observe/write-correlation.ts); the default knows none.
 */
export type TrackWrite = <T>(write: () => Promise<T>) => Promise<{ result: T; correlationId?: string }>;

const untrackedWrite: TrackWrite = async (write) => ({ result: await write() });

export interface StepContext {
  target: ApplyTarget;
  now: () => number;
  trackWrite?: TrackWrite;
  /** Awaited before each write is sent. */
  onWriteIntended?: (event: WriteIntent) => Promise<void>;
  onWrite: (event: WriteEvent) => Promise<void>;
  /** A write found in the org by its read back after a lost answer, instead of `onWrite` (WriteFoundEvent). */
  onWriteFound?: (event: WriteFoundEvent) => Promise<void>;
  /**
   * Every conflict that refused the write, whether or not the step is tried again; not one met by a resend after a
   * lost answer (the error's outcomeUnknown): the earlier send may have been done.
   */
  onWriteRefused?: (event: WriteRefusedEvent) => Promise<void>;
  onRetry: (event: ConflictRetryEvent) => Promise<void>;
  /**
   * Once aborted, no write is sent: the step fails with the abort's reason (a string). The client is given it too,
   * so that a write already started is neither read back nor sent again (src/genesys/target.ts WriteOptions).
   */
  abandon?: AbortSignal;
}

/** A step that failed after it had written something: the count is kept for the summary. */
export class StepFailure extends Error {
  readonly run: StepRun;
  readonly error: unknown;

  constructor(error: unknown, run: StepRun) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'StepFailure';
    this.error = error;
    this.run = run;
  }
}

export async function runStep(step: PlanStep, context: StepContext): Promise<StepRun> {
  const run: StepRun = { writes: 0, rebased: false, alreadyDone: false };
  let current = step;
  for (let attempt = 0; ; attempt++) {
    try {
      await performWrites(step, current, context, run);
      return run;
    } catch (error) {
      const kind = conflictKind(error, context.target.family);
      if (kind === undefined) throw new StepFailure(error, run);
      // A second conflict is not written over. It is read once more only to learn whether the other writer has
      // already put the org in the desired state (two applies of the same files racing): then the step is done.
      const message = (error as Error).message;
      // A conflict met by a send after one whose answer was lost does not undo that earlier send, which may have
      // landed: the write was not refused, and its intent stays open (docs/audit.md). The step is still planned
      // again against what the org holds.
      if (!(error instanceof ApiError && error.outcomeUnknown))
        await context.onWriteRefused?.({ step, reason: kind, message, retried: attempt === 0 });
      if (attempt === 0)
        await context.onRetry({ step, attempt: attempt + 1, reason: kind, message: (error as Error).message });
      run.rebased = true;
      let replanned: Replanned;
      try {
        // Reading the schema again is what resolves the conflict: the request counts show the 409 as read back.
        const read = error instanceof ApiError ? { readsBack: error.correlationId } : {};
        replanned = await replanStep(step, context.target, read);
      } catch (replanError) {
        throw new StepFailure(replanError, run);
      }
      if (replanned.remote !== undefined) run.last = replanned.remote;
      if (replanned.step === undefined) {
        run.alreadyDone = true;
        return run;
      }
      if (attempt >= 1) {
        throw new StepFailure(
          new CxError(
            'CONFLICT',
            `${step.externalId} was changed again by someone else while this apply rebased onto it: ${(error as Error).message}`,
            {
              cause: error,
              hint: 'another deploy is writing the same schemas: let it finish, then run cxschema plan again',
            },
          ),
          run,
        );
      }
      current = replanned.step;
      run.doneAs = current.kind;
    }
  }
}

async function performWrites(step: PlanStep, current: PlanStep, context: StepContext, run: StepRun): Promise<void> {
  for (const [index, write] of current.writes.entries()) {
    const body = writeBody(current.content, write.version, write.status);
    await context.onWriteIntended?.({ step, current, write, body });
    if (context.abandon?.aborted === true) throw new Error(String(context.abandon.reason));
    const started = context.now();
    let found = false;
    const options: WriteOptions = {
      ...(context.abandon === undefined ? {} : { signal: context.abandon }),
      onFound: () => (found = true),
    };
    const { result, correlationId } = await (context.trackWrite ?? untrackedWrite)(() =>
      write.method === 'POST' ? context.target.create(body, options) : context.target.update(body, options),
    );
    run.last = result;
    const event = {
      step,
      current,
      write,
      result,
      latencyMs: context.now() - started,
      ...(correlationId === undefined ? {} : { correlationId }),
    };
    if (!found) {
      run.writes++;
      await context.onWrite(event);
      continue;
    }
    // Found by a read back after its answer was lost: this write or an identical one of another run made the
    // version, and no one can tell which, so the run does not claim it. The step counts as what is left to do.
    run.foundByReadBack = true;
    foundAt(run, current, index, result, context.target.family ?? CUSTOM_OBJECTS_FAMILY);
    await context.onWriteFound?.(event);
  }
}

/**
 * What a step counts as once its write at `index` was found in the org rather than answered: found already done
 * when it was the last; else the kind of the writes left, from the version found to the step's desired status
 * (a create whose POST was found ends as a publish).
 */
function foundAt(run: StepRun, current: PlanStep, index: number, found: RemoteSchema, family: Family): void {
  if (index === current.writes.length - 1) {
    run.alreadyDone = true;
    return;
  }
  run.doneAs = family.lifecycle.planTransition(
    { version: found.version, status: found.status },
    current.to.status,
    false,
  ).kind;
}

export interface Replanned {
  /** What the org holds now. */
  remote: RemoteSchema | undefined;
  /** The step that is left; undefined when the org already holds the desired state. */
  step: PlanStep | undefined;
}

/**
 * Plans the step's schema again against what the org holds now. A CONFLICT error when the desired state no
 * longer follows from the org's (a compatibility violation, an impossible status change).
 */
export async function replanStep(step: PlanStep, target: ApplyTarget, read: ReadOptions = {}): Promise<Replanned> {
  const remote = await target.get(step.externalId, read);
  // A schema deprecated by --prune that someone deleted meanwhile: nothing is left to deprecate.
  if (!step.managed && remote === undefined) return { remote, step: undefined };
  const desiredStatus = step.to.status;
  const content = step.managed || remote === undefined ? step.content : contentOfRemote(remote);
  const history =
    remote !== undefined && historyNeeded(step.compatibility.mode)
      ? (await target.versions(step.externalId, read)).map((v) => ({ version: v.version, fields: v.fields }))
      : undefined;
  const planned = planSchema({
    content,
    status: desiredStatus,
    ...(step.file === undefined ? {} : { file: step.file }),
    managed: step.managed,
    remote,
    ...(history === undefined ? {} : { history }),
    mode: step.compatibility.mode,
    ignores: step.compatibility.ignores,
    ...(target.family === undefined ? {} : { family: target.family }),
  });
  if (planned.step.kind === 'noop') return { remote, step: undefined };
  const now = remote === undefined ? 'no longer exists' : `is now at version ${remote.version} (${remote.status})`;
  if (planned.step.blocked !== undefined) {
    const details = planned.violations.map((v) => `\n  ${v.rule} ${v.field}: ${v.message}`).join('');
    throw new CxError(
      'CONFLICT',
      `${step.externalId} ${now}, written by someone else since the plan; the desired state cannot follow it: ${planned.step.blocked}${details}`,
      {
        hint: 'run cxschema plan again to see the org as it is now',
      },
    );
  }
  // A rollback planned again is still a rollback: its audit entry and change event say so.
  return {
    remote,
    step: {
      ...planned.step,
      wave: step.wave,
      dependsOn: step.dependsOn,
      ...(step.rollback === undefined ? {} : { rollback: step.rollback }),
    },
  };
}
