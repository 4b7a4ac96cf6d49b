/**
 * plan and apply on each DataSchema family, against the emulator: create, no change, update, the 409 rebase
 * under the family's version rule (a PUT carries the current version), what a family never allows, and a
 * convergent apply under faults with no duplicate schema.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY, type Family } from '../../src/family/index.js';
import type { SchemaDefinition, SchemaField } from '../../src/model/schema.js';
import type { DesiredDocument } from '../../src/plan/plan-changes.js';
import { familyClient, startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let org: FamilyOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

const FIELDS: SchemaField[] = [
  { name: 'summary', fieldtype: 'string', required: true, constraints: { maxLength: 80 } },
  { name: 'notes', fieldtype: 'longText' },
  { name: 'link', fieldtype: 'url' },
  { name: 'amount', fieldtype: 'number', constraints: { min: 0 } },
  { name: 'urgent', fieldtype: 'boolean' },
  { name: 'due', fieldtype: 'dateTime' },
  { name: 'kind', fieldtype: 'string', constraints: { enum: ['home', 'car'] } },
  {
    name: 'labels',
    fieldtype: 'list',
    constraints: { maxItems: 5, items: { fieldtype: 'string', constraints: { maxLength: 20 } } },
  },
  { name: 'account', fieldtype: 'identifier', constraints: { maxLength: 40 } },
  { name: 'opened', fieldtype: 'date' },
  { name: 'term', fieldtype: 'integer', constraints: { min: 1, max: 360 } },
];

function doc(name: string, fields: SchemaField[], extra: Partial<SchemaDefinition> = {}): DesiredDocument {
  const externalId = name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return { file: `${externalId}.schema.yaml`, definition: { externalId, name, fields, ...extra } };
}

const FAMILIES: Family[] = [CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY];

/** The family's schemas as the emulator serves them. */
function served(org: FamilyOrg, family: Family): Array<Record<string, unknown>> {
  if (family.name === 'customobjects') throw new TypeError('a DataSchema family is needed');
  return org.handle.dataSchemas(family.name);
}

describe.each(FAMILIES.map((family) => [family.name, family] as const))('plan and apply on %s', (_name, family) => {
  it('creates with one POST, then plans no change, then updates with one PUT', async () => {
    org = await startFamilyOrg(family);
    const want = [doc('Loan application', FIELDS, { description: 'What a loan officer needs' })];
    const first = await planAgainst(org.target, want);
    expect(first.steps.map((s) => [s.externalId, s.kind, s.writes])).toEqual([
      ['loan_application', 'create', [{ method: 'POST', version: 1, status: 'PUBLISHED' }]],
    ]);
    const applied = await applyPlan(first, { target: org.target });
    expect(applied.summary.failed).toBe(0);

    const schemas = served(org, family);
    expect(schemas).toHaveLength(1);
    expect(schemas[0]).toMatchObject({
      name: 'Loan application',
      version: 1,
      enabled: true,
      appliesTo: [family.api.kind === 'dataschema' ? family.api.appliesTo : ''],
    });
    expect(Object.keys((schemas[0]!['jsonSchema'] as { properties: object }).properties).sort()).toEqual([
      'account_identifier',
      'amount_number',
      'due_datetime',
      'kind_enum',
      'labels_tag',
      'link_url',
      'notes_longtext',
      'opened_date',
      'summary_text',
      'term_integer',
      'urgent_checkbox',
    ]);

    expect((await planAgainst(org.target, want)).summary.changes).toBe(0);

    const more = [
      doc('Loan application', [...FIELDS, { name: 'branch', fieldtype: 'string' }], {
        description: 'What a loan officer needs',
        status: 'DEPRECATED',
      }),
    ];
    const second = await planAgainst(org.target, more);
    expect(second.steps[0]).toMatchObject({
      kind: 'update',
      from: { version: 1 },
      to: { version: 2, status: 'DEPRECATED' },
      writes: [{ method: 'PUT', version: 2, status: 'DEPRECATED' }],
    });
    expect((await applyPlan(second, { target: org.target })).summary.failed).toBe(0);
    expect(served(org, family)[0]).toMatchObject({ version: 2, enabled: false });
    expect((await planAgainst(org.target, more)).summary.changes).toBe(0);
  });

  it('rebases after a 409 version conflict: someone else wrote the schema since the plan', async () => {
    org = await startFamilyOrg(family);
    const base = [doc('Claims', FIELDS.slice(0, 3))];
    await applyPlan(await planAgainst(org.target, base), { target: org.target });

    const mine = [doc('Claims', [...FIELDS.slice(0, 3), { name: 'mine', fieldtype: 'string' }])];
    // Under NONE no mode forbids the rebase's removal of their field: only a family that never allows it does.
    const plan = await planAgainst(org.target, mine, { compatibility: { mode: 'NONE', ignore: [] } });
    // Someone else adds a field of their own: the org moves to version 2 behind the plan's back.
    const theirs = [doc('Claims', [...FIELDS.slice(0, 3), { name: 'theirs', fieldtype: 'string' }])];
    await applyPlan(await planAgainst(org.other, theirs), { target: org.other });

    const result = await applyPlan(plan, { target: org.target });
    const schema = served(org, family)[0]!;
    const keys = Object.keys((schema['jsonSchema'] as { properties: object }).properties);
    if (family.neverAllowed.FIELD_REMOVED !== undefined) {
      // Rebasing onto their version would remove their field, which this family never allows, whatever the mode.
      expect(result.outcomes[0]).toMatchObject({ result: 'failed', rebased: true });
      expect(result.outcomes[0]!.error?.message).toMatch(/FIELD_REMOVED/);
      expect(keys).toContain('theirs_text');
      expect(schema['version']).toBe(2);
    } else {
      expect(result.outcomes[0]).toMatchObject({ result: 'done', rebased: true });
      expect(schema['version']).toBe(3);
      expect(keys).toContain('mine_text');
      expect(keys).not.toContain('theirs_text');
    }
  });

  it('converges under faults (503s, resets, slow successes) with no duplicate schema and contiguous versions', async () => {
    org = await startFamilyOrg(family, {
      faults: { status: { 503: 0.15 }, slowSuccess: 0.1, slowSuccessMs: 300, reset: 0.05 },
      seed: 7,
    });
    const target = familyClient(family, org.handle, { requestTimeoutMs: 150, maxAttempts: 8 });
    const names = ['Alpha', 'Beta', 'Gamma', 'Delta'];
    for (const generation of [0, 1]) {
      const extra: SchemaField[] = generation === 0 ? [] : [{ name: 'added', fieldtype: 'integer' }];
      const want = names.map((name) => doc(name, [...FIELDS.slice(0, 4), ...extra]));
      let runs = 0;
      for (;;) {
        runs++;
        const plan = await planAgainst(target, want);
        if (plan.summary.changes === 0) break;
        expect(runs, `generation ${generation} did not converge`).toBeLessThanOrEqual(5);
        await applyPlan(plan, { target });
      }
    }
    const current = served(org, family).filter((s) => s['deleted'] !== true);
    expect(current.map((s) => s['name']).sort()).toEqual([...names].sort());
    for (const schema of current) {
      const versions = (await org.other.versions(String(schema['name']).toLowerCase())).map((v) => v.version);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
      expect(versions.at(-1)).toBe(schema['version']);
    }
    expect(org.handle.requestLog().filter((e) => e.fault !== undefined).length).toBeGreaterThan(0);
  });
});
