/**
 * A saved plan on a DataSchema family is planned again under that family's lifecycle and version rule, as apply
 * plans a step again: an untouched plan goes through, and a change the family never allows is refused however
 * the plan was made.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { checkPlanIsCurrent, recheckSavedPlan } from '../../src/apply/plan-freshness.js';
import { CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY } from '../../src/family/index.js';
import type { CxError } from '../../src/model/errors.js';
import type { SchemaField } from '../../src/model/schema.js';
import type { DesiredDocument } from '../../src/plan/plan-changes.js';
import { parsePlan, planDigest, serializePlan } from '../../src/plan/saved-plan.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let org: FamilyOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

function loan(fields: SchemaField[]): DesiredDocument[] {
  return [{ file: 'loan.schema.yaml', definition: { externalId: 'loan', name: 'Loan', fields } }];
}

const EMAIL: SchemaField = { name: 'email', fieldtype: 'string' };
const PHONE: SchemaField = { name: 'phone', fieldtype: 'string' };

describe.each([CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY].map((f) => [f.name, f] as const))(
  'a saved plan on %s',
  (_name, family) => {
    it('is planned again under the family: an untouched plan goes through and applies', async () => {
      org = await startFamilyOrg(family);
      await applyPlan(await planAgainst(org.target, loan([EMAIL])), { target: org.target });
      const plan = parsePlan(serializePlan(await planAgainst(org.target, loan([EMAIL, PHONE]))), 'plan.json');
      expect(plan.steps.map((s) => s.kind)).toEqual(['update']);
      const current = await checkPlanIsCurrent(plan, org.target, 'emulator');
      await expect(recheckSavedPlan(plan, current, org.target)).resolves.toBeUndefined();
      expect((await applyPlan(plan, { target: org.target })).summary.failed).toBe(0);
    });
  },
);

// Contacts and organizations never let a field be removed (docs/families.md); on workitems the mode decides.
describe.each([CONTACTS_FAMILY, ORGANIZATIONS_FAMILY].map((f) => [f.name, f] as const))(
  'a saved plan on %s',
  (_name, family) => {
    it('refuses a removed field, which the family never allows, even under mode NONE', async () => {
      expect(family.neverAllowed).toHaveProperty('FIELD_REMOVED');
      org = await startFamilyOrg(family);
      await applyPlan(await planAgainst(org.target, loan([EMAIL, PHONE])), { target: org.target });
      // Made without the family's rules (as a custom objects plan would be), then given a valid digest.
      const made = await planAgainst(org.target, loan([EMAIL]), { compatibility: { mode: 'NONE', ignore: [] } });
      const forged = structuredClone(made);
      for (const step of forged.steps) delete step.blocked;
      const plan = parsePlan(JSON.stringify({ ...forged, digest: planDigest(forged) }), 'plan.json');
      const current = await checkPlanIsCurrent(plan, org.target, 'emulator');
      const error = (await recheckSavedPlan(plan, current, org.target).catch((e: unknown) => e)) as CxError;
      expect(error.code).toBe('STALE_PLAN');
      expect(error.message).toContain('FIELD_REMOVED');
    });
  },
);
