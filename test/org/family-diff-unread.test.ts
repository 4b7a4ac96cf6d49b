/**
 * diff and what cxschema cannot read (docs/diff.md "What cxschema cannot read"): a tag whose items may repeat in
 * one org and not in the other reads as the same fields, so diff never reports such a schema the same. Its step
 * is blocked, naming what each org's version holds, and the orgs differ.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { renderDiff } from '../../src/cli/diff-action.js';
import { renderPlanMarkdown } from '../../src/cli/render/plan-markdown.js';
import { CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY, type Family } from '../../src/family/index.js';
import type { SchemaField } from '../../src/model/schema.js';
import { diffOrgs } from '../../src/org/org-diff.js';
import type { DesiredDocument } from '../../src/plan/plan-changes.js';
import { caller, tokenFor } from '../emulator/emulator-fixtures.js';
import { BASE } from '../emulator/dataschema-fixtures.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let test: FamilyOrg | undefined;
let prod: FamilyOrg | undefined;
afterEach(async () => {
  await Promise.all([test?.stop(), prod?.stop()]);
  test = undefined;
  prod = undefined;
});

const FAMILIES: Family[] = [CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY];

const fields: SchemaField[] = [
  { name: 'labels', fieldtype: 'list', constraints: { items: { fieldtype: 'string' }, maxItems: 5 } },
  { name: 'nickname', fieldtype: 'string' },
];
const loan: DesiredDocument[] = [
  { file: 'loan.schema.yaml', definition: { externalId: 'loan_application', name: 'Loan application', fields } },
];

async function put(org: FamilyOrg, documents: DesiredDocument[]): Promise<void> {
  await applyPlan(await planAgainst(org.target, documents), { target: org.target });
}

/** Someone lets the tag's items repeat in the org, as the admin UI may: a PUT of the body it read, edited. */
async function letLabelsRepeat(org: FamilyOrg, family: Family): Promise<void> {
  const current = org.handle.dataSchemas(family.name as 'contacts')[0]!;
  const body = structuredClone(current) as Record<string, unknown> & { jsonSchema: Record<string, unknown> };
  const properties = body.jsonSchema['properties'] as Record<string, Record<string, unknown>>;
  properties['labels_tag']!['uniqueItems'] = false;
  const answer = await caller(org.handle, await tokenFor(org.handle))(
    'PUT',
    `${BASE[family.name as 'contacts']}/${String(body['id'])}`,
    body,
  );
  expect(answer.status).toBe(200);
}

const diff = () =>
  diffOrgs({
    source: { name: 'test', target: test!.target, orgDomain: 'test.example' },
    target: { name: 'prod', target: prod!.target, orgDomain: 'prod.example' },
    compatibility: { mode: 'FULL', ignore: [] },
    createdAt: '2026-12-02T00:00:00.000Z',
  });

const REPEAT = 'labels_tag (a tag whose items may repeat)';

describe.each(FAMILIES.map((family) => [family.name, family] as const))('diff on %s', (_name, family) => {
  it('never reports the same a schema whose tag may repeat in one org and not in the other', async () => {
    test = await startFamilyOrg(family);
    prod = await startFamilyOrg(family);
    await put(test, loan);
    await put(prod, loan);
    expect((await diff()).differ).toBe(false);

    await letLabelsRepeat(test, family);
    const fromRepeating = await diff();
    expect(fromRepeating.differ).toBe(true);
    expect(fromRepeating.unread).toEqual({ loan_application: { source: [REPEAT] } });
    expect(fromRepeating.plan.steps[0]).toMatchObject({
      kind: 'update',
      changes: [],
      blocked: `what cxschema cannot read can be neither compared nor promoted: test v2: ${REPEAT}; prod v1: none`,
    });
    expect(fromRepeating.plan.summary).toMatchObject({ changes: 1, blocked: 1, unchanged: 0, writes: 0 });
    expect(fromRepeating.plan.waves).toBe(1);
    const text = renderDiff(fromRepeating, false);
    expect(text).toContain('\nWave 1 of 1\n');
    expect(text).toContain('  ! update loan_application (test v2)\n');
    expect(text).toContain(
      `      blocked: what cxschema cannot read can be neither compared nor promoted: test v2: ${REPEAT}`,
    );
    expect(text).not.toContain('No differences');
    expect(renderPlanMarkdown(fromRepeating.plan)).toContain('⛔ blocked: what cxschema cannot read');

    // The other way round: the target's tag may repeat, the source's may not.
    [test, prod] = [prod, test];
    const toRepeating = await diff();
    expect(toRepeating.differ).toBe(true);
    expect(toRepeating.unread).toEqual({ loan_application: { target: [REPEAT] } });
    expect(toRepeating.plan.steps[0]!.blocked).toBe(
      `what cxschema cannot read can be neither compared nor promoted: test v1: none; prod v2: ${REPEAT}`,
    );
  });

  it('names both sides when each holds what it cannot read, and keeps the plan reason of another kind', async () => {
    test = await startFamilyOrg(family);
    prod = await startFamilyOrg(family);
    await put(test, loan);
    await put(prod, [{ ...loan[0]!, definition: { ...loan[0]!.definition!, fields: fields.slice(0, 1) } }]);
    await letLabelsRepeat(test, family);
    await letLabelsRepeat(prod, family);
    const both = await diff();
    expect(both.unread).toEqual({ loan_application: { source: [REPEAT], target: [REPEAT] } });
    // An update (nickname is added) that plan blocks for the target's tag: named once, with the source's.
    expect(both.plan.steps[0]).toMatchObject({
      kind: 'update',
      blocked: `what cxschema cannot read can be neither compared nor promoted: test v2: ${REPEAT}; prod v2: ${REPEAT}`,
    });
  });

  it('blocks the create of a schema only the source holds, which could not carry it', async () => {
    test = await startFamilyOrg(family);
    prod = await startFamilyOrg(family);
    await put(test, loan);
    await letLabelsRepeat(test, family);
    const created = await diff();
    expect(created.plan.steps[0]).toMatchObject({
      kind: 'create',
      blocked: `what cxschema cannot read can be neither compared nor promoted: test v2: ${REPEAT}`,
    });
    expect(created.plan.summary).toMatchObject({ create: 0, blocked: 1 });
  });
});
