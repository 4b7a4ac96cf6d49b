/**
 * `diff` and what cxschema cannot read (docs/families.md "What cxschema cannot read"): a DataSchema property of a
 * coretype it does not know, a tag whose items may repeat. Two versions that hold such properties may differ in
 * them where cxschema sees nothing, and a version written from the source would leave them out. So a schema whose
 * version in either org holds any is never reported as the same: its step is a blocked update naming what each
 * side holds (docs/diff.md "What cxschema cannot read"), which makes the orgs differ.
 */
import type { RemoteSchema } from '../model/schema.js';
import { assignWaves } from '../plan/assign-waves.js';
import { unwritableReason } from '../plan/plan-schema.js';
import { summarizePlan } from '../plan/plan-summary.js';
import type { Plan, PlanStep } from '../plan/plan-types.js';

/** What a schema's version holds that cxschema cannot read, in the org that holds that version. */
export interface UnreadSides {
  source?: string[];
  target?: string[];
}

interface Side {
  name: string;
  schemas: readonly RemoteSchema[];
}

/** Each schema of either org whose version holds what cxschema cannot read, by externalId. */
export function unreadSchemas(source: Side, target: Side): Record<string, UnreadSides> {
  const found: Record<string, UnreadSides> = {};
  for (const [side, schemas] of [
    ['source', source.schemas],
    ['target', target.schemas],
  ] as const) {
    for (const schema of schemas) {
      if (schema.unread === undefined || schema.unread.length === 0) continue;
      (found[schema.externalId] ??= {})[side] = [...schema.unread];
    }
  }
  return found;
}

/**
 * The plan with every step of a schema in `unread` blocked, naming what each org's version holds; a step that
 * would write nothing becomes a blocked update, as promoting what cannot be read would need one that cxschema
 * cannot write. Its waves and summary are counted again, as such a step was not in them.
 */
export function blockUnread(plan: Plan, unread: Record<string, UnreadSides>, source: Side, target: Side): Plan {
  // Most orgs hold nothing of the kind: their plan is not ordered and counted twice.
  if (Object.keys(unread).length === 0) return plan;
  const sourceById = new Map(source.schemas.map((schema) => [schema.externalId, schema]));
  const targetById = new Map(target.schemas.map((schema) => [schema.externalId, schema]));
  const blocked = plan.steps.map(({ wave: _wave, ...step }): Omit<PlanStep, 'wave'> => {
    if (!Object.hasOwn(unread, step.externalId)) return step;
    const held = [
      sideText(source.name, sourceById.get(step.externalId)),
      sideText(target.name, targetById.get(step.externalId)),
    ].filter((text): text is string => text !== undefined);
    const reason = `what cxschema cannot read can be neither compared nor promoted: ${held.join('; ')}`;
    // The plan's own reason, but for the target's unread properties, which this one names already.
    const remote = targetById.get(step.externalId);
    const own = remote === undefined || remote.sharedWith !== undefined ? undefined : unwritableReason(remote);
    const others = step.blocked === undefined || step.blocked === own ? [] : [step.blocked];
    return {
      ...step,
      kind: step.kind === 'noop' ? 'update' : step.kind,
      blocked: [reason, ...others].join('; '),
    };
  });
  const { steps, waves } = assignWaves(blocked);
  return { ...plan, steps, waves, summary: summarizePlan(steps, plan.unmanaged.length) };
}

/** `test v2: a (…), b (…)`, `prod v3: none`; undefined for an org that does not hold the schema. */
function sideText(name: string, schema: RemoteSchema | undefined): string | undefined {
  if (schema === undefined) return undefined;
  const unread = schema.unread ?? [];
  return `${name} v${schema.version}: ${unread.length === 0 ? 'none' : unread.join(', ')}`;
}
