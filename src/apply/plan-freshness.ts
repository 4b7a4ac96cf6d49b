/**
 * A saved plan is applied only to the org it was made for, and only while that org still holds the versions the
 * plan was made against: otherwise its writes would meet conflicts halfway, or undo someone's change.
 */
import { CxError } from '../model/errors.js';
import type { RemoteSchema } from '../model/schema.js';
import type { Plan } from '../plan/plan-types.js';
import { describeStaleEntries, findStaleEntries } from '../plan/saved-plan.js';

/** Reads the org (one paged list) and throws STALE_PLAN naming what changed; returns what it read. */
export async function checkPlanIsCurrent(
  plan: Plan,
  target: { readonly kind: string; list(): Promise<RemoteSchema[]> },
  orgDomain: string,
): Promise<RemoteSchema[]> {
  if (plan.target.kind !== target.kind || plan.target.orgDomain !== orgDomain) {
    throw new CxError('STALE_PLAN', `the plan was made for ${plan.target.kind} at ${plan.target.orgDomain}, not ${target.kind} at ${orgDomain}`, {
      hint: 'apply it with the GENESYS_OAUTH_DOMAIN (or --env, --emulator) it was made with, or make a new plan',
    });
  }
  const current = await target.list();
  const stale = findStaleEntries(plan, current);
  if (stale.length > 0) {
    throw new CxError('STALE_PLAN', `the org changed since the plan was made (${plan.createdAt}):\n${describeStaleEntries(stale)}`, {
      hint: 'run cxschema plan again (with --out to save it), then apply the new plan',
    });
  }
  return current;
}
