/**
 * A rollback across a rename. On the DataSchema families a schema is its name (docs/families.md "Identity"): a
 * rollback restores an earlier version's contents under the name the schema has now, as it keeps its status. On
 * custom objects the externalId is the key and the name is contents, which comes back with the rest.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { WORKITEMS_FAMILY } from '../../src/family/index.js';
import type { SchemaField } from '../../src/model/schema.js';
import { planRollback } from '../../src/org/rollback.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';

let org: FamilyOrg | TestOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

const summary: SchemaField = { name: 'summary', fieldtype: 'string', constraints: { maxLength: 50 } };
const note: SchemaField = { name: 'note', fieldtype: 'longText' };
const NONE = { mode: 'NONE' as const, ignore: [] };

describe('rollback across a rename', () => {
  it('on workitems restores the old contents under the name the schema has now', async () => {
    const family = await startFamilyOrg(WORKITEMS_FAMILY);
    org = family;
    const loan = { externalId: 'loan_application', status: 'PUBLISHED' as const };
    await family.other.create({ ...loan, name: 'Loan application', version: 1, fields: [summary] });
    // Renamed in the org, with a field added: the schema is `loan_app` now.
    await family.other.update({ ...loan, name: 'Loan app', version: 2, fields: [summary, note] });
    expect((await family.other.get('loan_app'))?.version).toBe(2);

    const { plan } = await planRollback({
      target: family.target,
      orgDomain: 'emulator',
      externalId: 'loan_app',
      toVersion: 1,
      compatibility: NONE,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    const step = plan.steps[0]!;
    expect(step).toMatchObject({
      externalId: 'loan_app',
      kind: 'update',
      content: { externalId: 'loan_app', name: 'Loan app' },
      writes: [{ method: 'PUT', version: 3 }],
      rollback: { restoredVersion: 1 },
    });
    expect(step.blocked).toBeUndefined();
    // The name is no change: only the field added since goes.
    expect(step.changes.map((change) => [change.kind, change.path, change.property])).toEqual([
      ['removed', 'note', undefined],
    ]);
    expect(plan.remoteVersions).toEqual({ loan_app: 2 });

    const result = await applyPlan(plan, { target: family.target });
    expect(result.outcomes[0]).toMatchObject({ externalId: 'loan_app', result: 'done' });
    expect(await family.other.get('loan_app')).toMatchObject({ name: 'Loan app', version: 3, fields: [summary] });
    expect(await family.other.get('loan_application')).toBeUndefined();
  });

  it('on custom objects brings the old name back with the contents', async () => {
    const custom = await startOrg();
    org = custom;
    const ticket = { externalId: 'ticket', status: 'DRAFT' as const };
    await custom.other.create({ ...ticket, name: 'Ticket', version: 1, fields: [summary] });
    await custom.other.update({ ...ticket, name: 'Support ticket', version: 2, fields: [summary] });

    const { plan } = await planRollback({
      target: custom.target,
      orgDomain: 'emulator',
      externalId: 'ticket',
      toVersion: 1,
      compatibility: NONE,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(plan.steps[0]!.changes).toEqual([
      { path: '', kind: 'changed', property: 'name', before: 'Support ticket', after: 'Ticket' },
    ]);
    await applyPlan(plan, { target: custom.target });
    expect(await custom.other.get('ticket')).toMatchObject({ name: 'Ticket', version: 3 });
  });
});
