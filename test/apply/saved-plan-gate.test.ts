/**
 * A saved plan is no way around the compatibility gate: a plan edited after `plan --out` saved it is refused by
 * its digest, and a plan whose content the org would not accept under the step's mode is refused by planning
 * each step again against the org, even when its digest was forged to match. Nothing is written either way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { checkPlanIsCurrent, recheckSavedPlan } from '../../src/apply/plan-freshness.js';
import { CxError } from '../../src/model/errors.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { parsePlan, planDigest, serializePlan } from '../../src/plan/saved-plan.js';
import { definition, documents, text } from '../support/schema-builders.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

/** The org holds customer v2 PUBLISHED; the plan adds an optional field, which BACKWARD allows. */
async function savedUpdate(): Promise<{ org: TestOrg; text: string }> {
  org = await startOrg();
  await applyPlan(await planAgainst(org.target, documents(definition('customer', [text('email')]))), {
    target: org.target,
  });
  const plan = await planAgainst(org.target, documents(definition('customer', [text('email'), text('phone')])));
  expect(plan.steps.map((s) => [s.externalId, s.kind, s.blocked])).toEqual([['customer', 'update', undefined]]);
  return { org, text: serializePlan(plan) };
}

/** The edit the review found: the new field made required, a change that plan blocks under BACKWARD. */
function makePhoneRequired(plan: Plan): Plan {
  const edited = structuredClone(plan);
  const field = edited.steps[0]!.content.fields.find((f) => f.name === 'phone')!;
  field.required = true;
  return edited;
}

function caught(run: () => unknown): CxError {
  try {
    run();
  } catch (error) {
    if (error instanceof CxError) return error;
    throw error;
  }
  throw new Error('expected a CxError');
}

describe('apply --plan and the compatibility gate', () => {
  it('refuses a plan edited after it was saved, by its digest', async () => {
    const { text } = await savedUpdate();
    const saved = JSON.parse(text) as Plan & { digest: string };
    const edited = JSON.stringify({ ...makePhoneRequired(saved), digest: saved.digest });
    const error = caught(() => parsePlan(edited, 'plan.json'));
    expect(error.code).toBe('INPUT');
    expect(error.message).toContain('plan.json was changed after cxschema plan saved it');
  });

  it('refuses a plan without a digest, and reads back an untouched one', async () => {
    const { text } = await savedUpdate();
    const { digest, ...undigested } = JSON.parse(text) as Plan & { digest: string };
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(caught(() => parsePlan(JSON.stringify(undigested), 'plan.json')).message).toContain('has no digest');
    expect(parsePlan(text, 'plan.json')).toEqual(undigested);
  });

  it('plans every step again against the org, so a forged digest does not get a breaking change through', async () => {
    const { org, text } = await savedUpdate();
    const forged = makePhoneRequired(parsePlan(text, 'plan.json'));
    const plan = parsePlan(JSON.stringify({ ...forged, digest: planDigest(forged) }), 'plan.json');
    const current = await checkPlanIsCurrent(plan, org.target, 'emulator');
    const error = await recheckSavedPlan(plan, current, org.target).then(
      () => undefined,
      (e: unknown) => e as CxError,
    );
    expect(error?.code).toBe('STALE_PLAN');
    expect(error?.message).toContain('customer: 1 compatibility violation under BACKWARD');
    expect(org.emulator.versions('customer')).toHaveLength(2);
  });

  it('refuses a step whose writes do not follow from its content', async () => {
    const { org, text } = await savedUpdate();
    const forged = parsePlan(text, 'plan.json');
    // A status the content does not ask for: PUT v3 DEPRECATED in place of PUBLISHED.
    forged.steps[0]!.writes = [{ method: 'PUT', version: 3, status: 'DEPRECATED' }];
    const current = await checkPlanIsCurrent(forged, org.target, 'emulator');
    const error = (await recheckSavedPlan(forged, current, org.target).catch((e: unknown) => e)) as CxError;
    expect(error.message).toContain(
      'customer: the plan says update with PUT v3 DEPRECATED, its content against the org gives update with PUT v3 PUBLISHED',
    );
  });

  it('lets an untouched plan through', async () => {
    const { org, text } = await savedUpdate();
    const plan = parsePlan(text, 'plan.json');
    await expect(
      recheckSavedPlan(plan, await checkPlanIsCurrent(plan, org.target, 'emulator'), org.target),
    ).resolves.toBeUndefined();
  });
});
