/**
 * A change the platform refuses whatever the mode (a field's type changed, a required field removed): the plan's
 * hint names the code the schema's own family answers it with, which is what the emulator answers when the write
 * is sent anyway, and the family's own way around it: a required field goes in two versions on custom objects, and
 * never on contacts and organizations; where the family's answer is not known (workitems), it names no code, and
 * never the custom objects one on another family.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import {
  CONTACTS_FAMILY,
  CUSTOM_OBJECTS_FAMILY,
  ORGANIZATIONS_FAMILY,
  WORKITEMS_FAMILY,
  type Family,
} from '../../src/family/index.js';
import { ApiError } from '../../src/genesys/index.js';
import type { SchemaField } from '../../src/model/schema.js';
import type { DesiredDocument } from '../../src/plan/plan-changes.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let org: FamilyOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

const before: SchemaField[] = [
  { name: 'account', fieldtype: 'string', required: true },
  { name: 'note', fieldtype: 'string' },
];
// account (required) removed, note's type changed.
const after: SchemaField[] = [{ name: 'note', fieldtype: 'number' }];

const doc = (fields: SchemaField[]): DesiredDocument => ({
  file: 'loan_application.schema.yaml',
  definition: { externalId: 'loan_application', name: 'Loan application', fields },
});

/** The family, its code, and what its hint advises for a required field's removal. */
const KNOWN: Array<[Family, string, RegExp]> = [
  [CUSTOM_OBJECTS_FAMILY, 'customobjects.schema.incompatible', /: make the field optional in one version, then remove/],
  [CONTACTS_FAMILY, 'dynamic.schema.field.removed', /: keep the field .*contact schemas never let a saved field go/],
  [
    ORGANIZATIONS_FAMILY,
    'dynamic.schema.field.removed',
    /: keep the field .*organization schemas never let a saved field go/,
  ],
];

describe.each(KNOWN.map(([family, code, advice]) => [family.name, family, code, advice] as const))(
  'on %s',
  (_name, family, code, advice) => {
    it('the hints name the code the platform answers the write with', async () => {
      org = await startFamilyOrg(family);
      await applyPlan(await planAgainst(org.target, [doc(before)]), { target: org.target });

      const plan = await planAgainst(org.target, [doc(after)]);
      expect(plan.violations.map((v) => [v.rule, v.hint])).toEqual([
        ['REQUIRED_FIELD_REMOVED', expect.stringContaining(`any mode (400 ${code}):`)],
        ['FIELD_TYPE_CHANGED', expect.stringContaining(`any mode (400 ${code}):`)],
      ]);

      // Sent anyway, the write gets that code.
      const current = (await org.other.get('loan_application'))!;
      const write = org.other.update({
        externalId: 'loan_application',
        name: 'Loan application',
        version: current.version + 1,
        status: current.status,
        fields: after,
      });
      await expect(write).rejects.toBeInstanceOf(ApiError);
      await expect(write).rejects.toMatchObject({ status: 400, errorCode: code });
    });

    it("a required field's removal is advised as the family allows it", async () => {
      org = await startFamilyOrg(family);
      await applyPlan(await planAgainst(org.target, [doc(before)]), { target: org.target });

      const none = { mode: 'NONE' as const, ignore: [] };
      const plan = await planAgainst(org.target, [doc([before[1]!])], { compatibility: none });
      expect(plan.violations.map((v) => v.rule)).toEqual(['REQUIRED_FIELD_REMOVED']);
      const [removed] = plan.violations;
      expect(removed!.hint).toMatch(advice);
      // The reason is the same on every family: what the platform takes is the hint's to say.
      expect(removed!.message).toBe(
        'required field removed: stored records hold values for it and consumers on the old version expect it',
      );
      if (family.name !== 'customobjects') expect(removed!.hint).not.toMatch(/optional (first|in one version)/);

      // Made optional first, as custom objects allow, the field still cannot go where the family keeps every field.
      await applyPlan(await planAgainst(org.target, [doc([{ ...before[0]!, required: false }, before[1]!])]), {
        target: org.target,
      });
      const later = await planAgainst(org.target, [doc([before[1]!])], { compatibility: none });
      expect(later.violations.map((v) => v.rule)).toEqual(family.name === 'customobjects' ? [] : ['FIELD_REMOVED']);
    });
  },
);

describe('on workitems', () => {
  it('the mode decides: no hint says the platform refuses what it takes, and NONE lets both through', async () => {
    org = await startFamilyOrg(WORKITEMS_FAMILY);
    await applyPlan(await planAgainst(org.target, [doc(before)]), { target: org.target });

    const plan = await planAgainst(org.target, [doc(after)]);
    expect(plan.violations.map((v) => v.rule)).toEqual(['REQUIRED_FIELD_REMOVED', 'FIELD_TYPE_CHANGED']);
    for (const violation of plan.violations) {
      expect(`${violation.message} ${violation.hint}`).not.toMatch(
        /any mode|platform|customobjects|dynamic\.schema|400/,
      );
      expect(violation.hint).toContain(`compatibility.ignore entry in the config (rule: ${violation.rule},`);
    }

    const none = await planAgainst(org.target, [doc(after)], { compatibility: { mode: 'NONE', ignore: [] } });
    expect(none.violations).toEqual([]);
    expect((await applyPlan(none, { target: org.target })).summary).toMatchObject({ updated: 1, failed: 0 });
  });
});
