/**
 * A saved plan is applied only to the org it was made for, and only while that org still holds the versions the
 * plan was made against: otherwise its writes would meet conflicts halfway, or undo someone's change.
 */
import type { Family } from '../family/family.js';
import { CxError } from '../model/errors.js';
import type { RemoteSchema } from '../model/schema.js';
import { historyNeeded } from '../plan/compat-adapter.js';
import { planSchema } from '../plan/plan-schema.js';
import type { Plan, PlannedWrite } from '../plan/plan-types.js';
import { contentOfRemote } from '../plan/schema-content.js';
import { describeStaleEntries, findStaleEntries } from '../plan/saved-plan.js';

/** Reads the org (one paged list) and throws STALE_PLAN naming what changed; returns what it read. */
export async function checkPlanIsCurrent(
  plan: Plan,
  target: { readonly kind: string; list(): Promise<RemoteSchema[]> },
  orgDomain: string,
): Promise<RemoteSchema[]> {
  if (plan.target.kind !== target.kind || plan.target.orgDomain !== orgDomain) {
    throw new CxError(
      'STALE_PLAN',
      `the plan was made for ${plan.target.kind} at ${plan.target.orgDomain}, not ${target.kind} at ${orgDomain}`,
      {
        hint: 'apply it with the GENESYS_OAUTH_DOMAIN (or --env, --emulator) it was made with, or make a new plan',
      },
    );
  }
  const current = await target.list();
  const stale = findStaleEntries(plan, current);
  if (stale.length > 0) {
    throw new CxError(
      'STALE_PLAN',
      `the org changed since the plan was made (${plan.createdAt}):\n${describeStaleEntries(stale)}`,
      {
        hint: 'run cxschema plan again (with --out to save it), then apply the new plan',
      },
    );
  }
  return current;
}

/**
 * Plans every step of a saved plan again against the org as read now (`current`, and the version history where
 * the step's mode is transitive) and refuses the plan unless each step that will run follows from its content:
 * not blocked by compatibility or by an impossible status change, and with the very writes the plan holds. The
 * digest catches a plan edited by hand; this catches a plan whose content the org would no longer accept, however
 * it was made.
 */
export async function recheckSavedPlan(
  plan: Plan,
  current: readonly RemoteSchema[],
  target: { readonly family?: Family; versions(externalId: string): Promise<RemoteSchema[]> },
): Promise<void> {
  const remotes = new Map(current.map((schema) => [schema.externalId, schema]));
  const problems: string[] = [];
  for (const step of plan.steps) {
    if (step.kind === 'noop' || step.blocked !== undefined) continue;
    const remote = remotes.get(step.externalId);
    const history =
      remote !== undefined && historyNeeded(step.compatibility.mode)
        ? (await target.versions(step.externalId)).map((v) => ({ version: v.version, fields: v.fields }))
        : undefined;
    const planned = planSchema({
      content: step.managed || remote === undefined ? step.content : contentOfRemote(remote),
      status: step.to.status,
      ...(step.file === undefined ? {} : { file: step.file }),
      managed: step.managed,
      remote,
      ...(history === undefined ? {} : { history }),
      mode: step.compatibility.mode,
      ignores: step.compatibility.ignores,
      // The family's lifecycle, version rule and never-allowed changes, as apply's own re-plan uses them.
      ...(target.family === undefined ? {} : { family: target.family }),
    }).step;
    if (planned.blocked !== undefined) {
      problems.push(`${step.externalId}: ${planned.blocked}`);
    } else if (planned.kind !== step.kind || JSON.stringify(planned.writes) !== JSON.stringify(step.writes)) {
      problems.push(
        `${step.externalId}: the plan says ${step.kind} with ${describeWrites(step.writes)}, its content against the org gives ${planned.kind} with ${describeWrites(planned.writes)}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new CxError(
      'STALE_PLAN',
      `the saved plan does not follow from the org as it is now; nothing was written:\n${problems.join('\n')}`,
      {
        hint: 'run cxschema plan again (with --out to save it), review it, then apply the new plan',
      },
    );
  }
}

function describeWrites(writes: readonly PlannedWrite[]): string {
  return writes.length === 0 ? 'no writes' : writes.map((w) => `${w.method} v${w.version} ${w.status}`).join(', ');
}
