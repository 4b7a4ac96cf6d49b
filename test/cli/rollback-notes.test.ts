/**
 * What `rollback` says beside its plan (src/cli/rollback-notes.ts), for rollbacks planned against the emulator. The
 * `--allow-breaking` hint is given only where a reason would deploy the rollback: a change the platform refuses in
 * any mode "cannot be let through by any reason" (docs/rollback.md), and a reason does not make it a plan either.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { ALLOW_BREAKING_HINT, rollbackNotes } from '../../src/cli/rollback-notes.js';
import type { Family } from '../../src/family/family.js';
import { CONTACTS_FAMILY, WORKITEMS_FAMILY } from '../../src/family/index.js';
import type { SchemaField, SchemaWriteBody } from '../../src/model/schema.js';
import { planRollback, type RollbackOptions } from '../../src/org/rollback.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { draft, ref, text } from '../support/schema-builders.js';

let org: FamilyOrg | TestOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

const tier: SchemaField = { name: 'tier', fieldtype: 'string' };
const since: SchemaField = { name: 'since', fieldtype: 'dateTime' };

const vip = (version: number, fields: SchemaField[]): SchemaWriteBody => ({
  externalId: 'vip',
  name: 'VIP',
  version,
  status: 'PUBLISHED',
  fields,
});

/** A draft custom object `ticket` at `version`. */
const ticket = (version: number, fields: SchemaField[]): SchemaWriteBody => ({
  externalId: 'ticket',
  name: 'Ticket',
  version,
  status: 'DRAFT',
  fields,
});

/**
 * The target, its family's lifecycle counted: planning a schema's step asks it for the step's writes once
 * (src/plan/plan-schema.ts), so the count is the number of times the rollback was planned.
 */
function countingPlans(target: RollbackOptions['target']): { target: RollbackOptions['target']; plans: () => number } {
  let plans = 0;
  const family = target.family!;
  const counted: Family = {
    ...family,
    lifecycle: {
      ...family.lifecycle,
      planTransition(...args) {
        plans += 1;
        return family.lifecycle.planTransition(...args);
      },
    },
  };
  return { target: Object.create(target, { family: { value: counted } }) as typeof target, plans: () => plans };
}

function rollback(target: RollbackOptions['target'], externalId: string, extra: Partial<RollbackOptions> = {}) {
  return planRollback({
    target,
    orgDomain: 'emulator',
    externalId,
    toVersion: 1,
    compatibility: { mode: 'BACKWARD', ignore: [] },
    createdAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  });
}

describe('rollback notes', () => {
  it('give no --allow-breaking hint for a removal contacts refuse in any mode, with or without a reason', async () => {
    const contacts = await startFamilyOrg(CONTACTS_FAMILY);
    org = contacts;
    await contacts.other.create(vip(1, [tier]));
    await contacts.other.update(vip(2, [tier, since]));

    const refused = await rollback(contacts.target, 'vip');
    expect(refused).toMatchObject({ allowBreakingDeploys: false, refusedInAnyMode: ['FIELD_REMOVED'] });
    const notes = rollbackNotes(refused, 'vip', 1);
    expect(notes).not.toContain(ALLOW_BREAKING_HINT);
    expect(notes.join('\n')).not.toContain('--allow-breaking "<reason>"');
    expect(notes).toEqual([
      'The rollback of vip to v1 is refused: 1 compatibility violation under BACKWARD (FIELD_REMOVED).',
      'The platform refuses FIELD_REMOVED in any mode: no --allow-breaking reason lets it through.',
    ]);

    const withReason = await rollback(contacts.target, 'vip', { allowBreaking: 'nobody set since' });
    expect(withReason.plan.steps[0]!.blocked).toBeDefined();
    expect(rollbackNotes(withReason, 'vip', 1)).toEqual(notes);
  });

  it('give the hint where a reason deploys the rollback, and a reason then does', async () => {
    const workitems = await startFamilyOrg(WORKITEMS_FAMILY);
    org = workitems;
    await workitems.other.create(vip(1, [tier]));
    await workitems.other.update(vip(2, [tier, since]));

    const refused = await rollback(workitems.target, 'vip');
    expect(refused).toMatchObject({ allowBreakingDeploys: true, refusedInAnyMode: [] });
    expect(rollbackNotes(refused, 'vip', 1)).toEqual([
      'The rollback of vip to v1 breaks BACKWARD and is refused: 1 compatibility violation under BACKWARD (FIELD_REMOVED).',
      ALLOW_BREAKING_HINT,
    ]);
    const allowed = await rollback(workitems.target, 'vip', { allowBreaking: 'nobody set since' });
    expect(allowed.plan.steps[0]!.blocked).toBeUndefined();
    expect(rollbackNotes(allowed, 'vip', 1)).toEqual([]);
  });

  it('on custom objects refuse a type change with any reason, as the platform would, and give no hint', async () => {
    const custom = await startOrg();
    org = custom;
    // `code` leaves as a string and comes back as a number: v1 and v3 hold it with two types.
    await custom.other.create(ticket(1, [{ name: 'code', fieldtype: 'string' }]));
    await custom.other.update(ticket(2, [tier]));
    await custom.other.update(ticket(3, [tier, { name: 'code', fieldtype: 'number' }]));

    const refused = await rollback(custom.target, 'ticket');
    expect(refused.refusedInAnyMode).toContain('FIELD_TYPE_CHANGED');
    expect(refused.allowBreakingDeploys).toBe(false);
    expect(rollbackNotes(refused, 'ticket', 1)).not.toContain(ALLOW_BREAKING_HINT);

    const withReason = await rollback(custom.target, 'ticket', { allowBreaking: 'codes were never numbers' });
    expect(withReason.plan.steps[0]!.blocked).toContain('FIELD_TYPE_CHANGED');
    expect(withReason.plan.violations.map((violation) => violation.rule)).toEqual(['FIELD_TYPE_CHANGED']);
    const result = await applyPlan(withReason.plan, { target: custom.target });
    expect(result.summary).toMatchObject({ updated: 0, blocked: 1, failed: 0 });
  });

  it('on custom objects let a reason through for a break a transitive mode finds only against an older version', async () => {
    const custom = await startOrg();
    org = custom;
    const code: SchemaField = { name: 'code', fieldtype: 'string' };
    // `code` arrives required in v2 and is optional in v3: going back to v1 removes an optional field, which the
    // platform takes, though against v2 it is a required field removed.
    await custom.other.create(ticket(1, [tier]));
    await custom.other.update(ticket(2, [tier, { ...code, required: true }]));
    await custom.other.update(ticket(3, [tier, code]));
    const transitive = { compatibility: { mode: 'BACKWARD_TRANSITIVE' as const, ignore: [] } };

    const refused = await rollback(custom.target, 'ticket', transitive);
    expect(refused.plan.violations.map((violation) => [violation.rule, violation.againstVersion])).toEqual([
      ['FIELD_REMOVED', 3],
      ['REQUIRED_FIELD_REMOVED', 2],
    ]);
    expect(refused).toMatchObject({ allowBreakingDeploys: true, refusedInAnyMode: [] });
    expect(rollbackNotes(refused, 'ticket', 1)).toContain(ALLOW_BREAKING_HINT);

    const withReason = await rollback(custom.target, 'ticket', { ...transitive, allowBreaking: 'code is unused' });
    expect(withReason.plan.steps[0]!.blocked).toBeUndefined();
    const result = await applyPlan(withReason.plan, { target: custom.target });
    expect(result.summary).toMatchObject({ updated: 1, failed: 0 });
    expect((await custom.other.get('ticket'))!.fields).toEqual([tier]);
  });

  it('say that a version from before a rename comes back under the name the schema has now', async () => {
    const workitems = await startFamilyOrg(WORKITEMS_FAMILY);
    org = workitems;
    await workitems.other.create(vip(1, [tier]));
    await workitems.other.update({ ...vip(2, [tier, since]), name: 'VIP customer' });

    const planned = await rollback(workitems.target, 'vip_customer', { allowBreaking: 'nobody set since' });
    expect(rollbackNotes(planned, 'vip_customer', 1)).toEqual([
      'v1 was named "VIP": its contents are restored under the schema\'s name now, "VIP customer" (a name is the schema\'s identity on workitems).',
    ]);
  });
});

describe('a refused rollback', () => {
  it('is planned once: what a reason would change is told from that plan', async () => {
    const workitems = await startFamilyOrg(WORKITEMS_FAMILY);
    org = workitems;
    await workitems.other.create(vip(1, [tier]));
    await workitems.other.update(vip(2, [tier, since]));

    const counted = countingPlans(workitems.target);
    const refused = await rollback(counted.target, 'vip');
    expect(counted.plans()).toBe(1);
    expect(refused).toMatchObject({ allowBreakingDeploys: true, refusedInAnyMode: [] });
    expect(rollbackNotes(refused, 'vip', 1)).toEqual([
      'The rollback of vip to v1 breaks BACKWARD and is refused: 1 compatibility violation under BACKWARD (FIELD_REMOVED).',
      ALLOW_BREAKING_HINT,
    ]);
  });

  it('is planned once where the platform refuses the change in any mode', async () => {
    const contacts = await startFamilyOrg(CONTACTS_FAMILY);
    org = contacts;
    await contacts.other.create(vip(1, [tier]));
    await contacts.other.update(vip(2, [tier, since]));

    const counted = countingPlans(contacts.target);
    const refused = await rollback(counted.target, 'vip');
    expect(counted.plans()).toBe(1);
    expect(refused).toMatchObject({ allowBreakingDeploys: false, refusedInAnyMode: ['FIELD_REMOVED'] });
    expect(rollbackNotes(refused, 'vip', 1)).toEqual([
      'The rollback of vip to v1 is refused: 1 compatibility violation under BACKWARD (FIELD_REMOVED).',
      'The platform refuses FIELD_REMOVED in any mode: no --allow-breaking reason lets it through.',
    ]);
  });

  it('gives no hint where more than the mode refuses it: contents the org would refuse, and a violation', async () => {
    const custom = await startOrg();
    org = custom;
    await custom.other.create(draft('bee'));
    await custom.other.create(draft('aye', [text('label'), ref('buddy', 'bee')]));
    await custom.other.update({ ...draft('aye', [text('label'), text('note')]), version: 2 });
    await custom.other.delete('bee');

    const counted = countingPlans(custom.target);
    const refused = await rollback(counted.target, 'aye');
    expect(counted.plans()).toBe(1);
    expect(refused.plan.violations.map((violation) => violation.rule)).toEqual(['FIELD_REMOVED']);
    expect(refused).toMatchObject({ allowBreakingDeploys: false, refusedInAnyMode: [] });
    expect(rollbackNotes(refused, 'aye', 1)).toEqual([
      "The rollback of aye to v1 is refused: the restored v1 does not validate against the org: REFERENCE_TARGET_UNKNOWN buddy: referencedType 'bee' is neither a system object nor a schema in the set or the org.",
    ]);
  });
});
