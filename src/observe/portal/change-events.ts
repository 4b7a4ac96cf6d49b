/**
 * The change event of each kind of change (docs/portal-events.md "The body"): a step of the plan that wrote, one
 * write of a step that has not ended (held in the outbox, sent when its run cannot send its step's event), and a
 * write a later run found done in the org after its answer was lost. All three say what the org holds after the
 * change, the version before it, and the field-level diff between them.
 */
import type { StepOutcome } from '../../apply/apply-events.js';
import type { Family } from '../../family/family.js';
import type { PlannedWrite, PlanStep, SchemaContent } from '../../plan/plan-types.js';
import type { RemoteSchema } from '../../model/schema.js';
import { contentChanges } from '../../plan/compat-adapter.js';
import { contentOfRemote } from '../../plan/schema-content.js';
import type { ChangeEvent } from './portal-export.js';

/** What every event of a run shares. */
export interface EventContext {
  /** ISO-8601: when the change was made, or found. */
  timestamp: string;
  environment?: string;
  /** Removes the run's secrets from text the user wrote (a rollback's reason). */
  clean: (text: string) => string;
}

/** The event of a step that wrote: from the version it was planned against (or nothing) to what it left. */
export function stepChangeEvent(
  step: PlanStep,
  outcome: Pick<StepOutcome, 'version' | 'status'>,
  context: EventContext & { correlationId?: string },
): ChangeEvent {
  const { correlationId } = context;
  return {
    schema: step.externalId,
    version: outcome.version ?? step.to.version,
    status: outcome.status ?? step.to.status,
    // A new schema's diff is from nothing, so that the portal learns every field it has.
    diff: step.from === null ? creationDiff(step.content) : step.changes,
    timestamp: context.timestamp,
    ...(step.from === null ? {} : { previousVersion: step.from.version }),
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(context.environment === undefined ? {} : { environment: context.environment }),
    ...(step.rollback === undefined ? {} : { rollback: rollbackOf(step.rollback, context.clean) }),
  };
}

/**
 * The event of one write of a step, as if the step had ended with it. Every write of a step carries the step's
 * contents (apply's performWrites), so the first makes the step's change of contents and each later one changes
 * the status alone.
 */
export function writeChangeEvent(
  step: PlanStep,
  write: PlannedWrite,
  result: RemoteSchema,
  context: EventContext & { correlationId?: string },
): ChangeEvent {
  const index = step.writes.indexOf(write);
  const first = index <= 0;
  const previousVersion = first ? step.from?.version : step.writes[index - 1]!.version;
  const { correlationId } = context;
  return {
    schema: step.externalId,
    version: result.version,
    status: result.status,
    diff: !first ? [] : step.from === null ? creationDiff(step.content) : step.changes,
    timestamp: context.timestamp,
    ...(previousVersion === undefined ? {} : { previousVersion }),
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(context.environment === undefined ? {} : { environment: context.environment }),
    ...(step.rollback === undefined ? {} : { rollback: rollbackOf(step.rollback, context.clean) }),
  };
}

/**
 * The event of a write found done by a later run: the org's version against the one before it, compared as plan
 * compares them (in the family's own field types), or from nothing for version 1. Its answer was lost, so there is
 * no correlation id; a rollback is told as the new version it made (which version it restored was not recorded).
 */
export function foundWriteChangeEvent(
  stored: RemoteSchema,
  previous: RemoteSchema | undefined,
  family: Family,
  context: Omit<EventContext, 'clean'>,
): ChangeEvent {
  const after = contentOfRemote(stored);
  const created = stored.version === 1;
  return {
    schema: stored.externalId,
    version: stored.version,
    status: stored.status,
    // A version whose predecessor the org no longer holds is told from nothing, as a creation is: every field.
    diff:
      created || previous === undefined
        ? creationDiff(after)
        : contentChanges(canonical(contentOfRemote(previous), family), canonical(after, family)),
    timestamp: context.timestamp,
    ...(created ? {} : { previousVersion: stored.version - 1 }),
    ...(context.environment === undefined ? {} : { environment: context.environment }),
  };
}

function creationDiff(content: SchemaContent): ChangeEvent['diff'] {
  return contentChanges({ ...content, fields: [] }, content);
}

function canonical(content: SchemaContent, family: Family): SchemaContent {
  return { ...content, fields: family.canonicalFields(content.fields) };
}

/** A rollback as its change event tells it: the reason the user gave, with the run's secrets removed. */
function rollbackOf(
  rollback: NonNullable<PlanStep['rollback']>,
  clean: (text: string) => string,
): NonNullable<ChangeEvent['rollback']> {
  const told: NonNullable<ChangeEvent['rollback']> = { restoredVersion: rollback.restoredVersion };
  if (rollback.allowBreakingReason !== undefined) told.allowBreakingReason = clean(rollback.allowBreakingReason);
  return told;
}
