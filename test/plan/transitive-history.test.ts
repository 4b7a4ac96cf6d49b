/**
 * The transitive modes against an org: the plan reads the versions endpoint for exactly the schemas that need
 * it, and a re-plan after a version conflict reads it again, so that a version written after the plan counts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { CompatibilityMode } from '../../src/model/schema.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { planAgainst } from '../support/plan-against.js';
import { definition, documents, text } from '../support/schema-builders.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

const VERSIONS_PATH = '/api/v2/customobjects/schemas/customer/versions';
const title = (maxLength: number) => text('title', { constraints: { maxLength } });
const compatibility = (mode: CompatibilityMode) => ({ mode, ignore: [] });

async function orgWithTitles(...maxLengths: number[]): Promise<TestOrg> {
  const started = await startOrg();
  await started.other.create({
    externalId: 'customer',
    name: 'The customer',
    version: 1,
    status: 'DRAFT',
    fields: [title(maxLengths[0]!)],
  });
  for (const [index, maxLength] of maxLengths.slice(1).entries()) {
    await started.other.update({
      externalId: 'customer',
      name: 'The customer',
      version: index + 2,
      status: 'PUBLISHED',
      fields: [title(maxLength)],
    });
  }
  return started;
}

describe('transitive compatibility against the org', () => {
  it('reads every version only under a transitive mode, and finds a break against an older one', async () => {
    // Version 1 accepted titles up to 150 characters, version 2 only 80; the files ask for 100.
    org = await orgWithTitles(150, 80);
    const desired = documents(definition('customer', [title(100)]));
    const versionReads = () =>
      org!.emulator.requestLog().filter((r) => r.method === 'GET' && r.path.startsWith(VERSIONS_PATH)).length;

    const backward = await planAgainst(org.target, desired, { compatibility: compatibility('BACKWARD') });
    expect(backward.violations).toEqual([]);
    expect(versionReads()).toBe(0);

    const transitive = await planAgainst(org.target, desired, { compatibility: compatibility('BACKWARD_TRANSITIVE') });
    expect(versionReads()).toBe(1);
    expect(transitive.violations).toEqual([
      expect.objectContaining({
        rule: 'MAX_LENGTH_DECREASED',
        field: 'title',
        before: 150,
        after: 100,
        againstVersion: 1,
      }),
    ]);
    expect(transitive.steps[0]?.blocked).toMatch(/BACKWARD_TRANSITIVE/);
  });

  it('checks a rebase against the versions written since the plan', async () => {
    org = await orgWithTitles(80);
    const plan = await planAgainst(org.target, documents(definition('customer', [title(100)])), {
      compatibility: compatibility('BACKWARD_TRANSITIVE'),
    });
    expect(plan.violations).toEqual([]);
    // Someone else writes 150, then 90: our 100 still accepts all that 90 does, but not all that 150 did.
    await org.other.update({
      externalId: 'customer',
      name: 'The customer',
      version: 2,
      status: 'PUBLISHED',
      fields: [title(150)],
    });
    await org.other.update({
      externalId: 'customer',
      name: 'The customer',
      version: 3,
      status: 'PUBLISHED',
      fields: [title(90)],
    });
    const result = await applyPlan(plan, { target: org.target });
    expect(result.outcomes[0]).toMatchObject({ result: 'failed', rebased: true, error: { code: 'CONFLICT' } });
    expect(result.outcomes[0]?.reason).toMatch(/MAX_LENGTH_DECREASED title/);
    expect(org.emulator.versions('customer')).toHaveLength(3);
  });
});
