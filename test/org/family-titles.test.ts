/**
 * Display titles on the DataSchema families (docs/families.md "Titles"): a schema's `title`, a field's `title` and
 * its `enumTitles` are contents. A change on either side (the file, or the org) is a change to plan, a pull keeps
 * the org's titles, diff compares two orgs' titles as plan does, and a title equal to its default is the same as
 * none.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY, type Family } from '../../src/family/index.js';
import { defaultConfig } from '../../src/load/config-loader.js';
import type { SchemaDefinition, SchemaField } from '../../src/model/schema.js';
import { diffOrgs } from '../../src/org/org-diff.js';
import { pullSchemas } from '../../src/org/pull.js';
import type { DesiredDocument } from '../../src/plan/plan-changes.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import { caller, tokenFor } from '../emulator/emulator-fixtures.js';
import { BASE } from '../emulator/dataschema-fixtures.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let org: FamilyOrg | undefined;
/** A second org, for diff. */
let prod: FamilyOrg | undefined;
let dir: string | undefined;
afterEach(async () => {
  await Promise.all([org?.stop(), prod?.stop()]);
  org = undefined;
  prod = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const FAMILIES: Family[] = [CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY];

const kind = (enumTitles?: Record<string, string>, title = 'Kind of loan'): SchemaField => ({
  name: 'kind',
  fieldtype: 'string',
  title,
  constraints: { enum: ['home', 'car'] },
  ...(enumTitles === undefined ? {} : { enumTitles }),
});

function doc(fields: SchemaField[], extra: Partial<SchemaDefinition> = {}): DesiredDocument {
  return {
    file: 'loan_application.schema.yaml',
    definition: { externalId: 'loan_application', name: 'Loan application', fields, ...extra },
  };
}

/** The one schema of the family as the emulator serves it. */
function servedSchema(family: Family): { title: unknown; properties: Record<string, Record<string, unknown>> } {
  if (family.name === 'customobjects') throw new TypeError('a DataSchema family is needed');
  const jsonSchema = org!.handle.dataSchemas(family.name)[0]!['jsonSchema'] as Record<string, unknown>;
  return {
    title: jsonSchema['title'],
    properties: jsonSchema['properties'] as Record<string, Record<string, unknown>>,
  };
}

describe.each(FAMILIES.map((family) => [family.name, family] as const))('titles on %s', (_name, family) => {
  it('are written, and a change of one in the file is a change the plan shows', async () => {
    org = await startFamilyOrg(family);
    const want = [doc([kind({ home: 'Home loan' })], { title: 'Loan application form' })];
    await applyPlan(await planAgainst(org.target, want), { target: org.target });
    const served = servedSchema(family);
    expect(served.title).toBe('Loan application form');
    expect(served.properties['kind_enum']).toMatchObject({
      title: 'Kind of loan',
      _enumProperties: { home: { title: 'Home loan' }, car: { title: 'car' } },
    });
    expect((await planAgainst(org.target, want)).summary.changes).toBe(0);

    const renamed = [doc([kind({ home: 'Home loan', car: 'Car loan' }, 'Loan kind')], { title: 'Loan form' })];
    const plan = await planAgainst(org.target, renamed);
    expect(plan.steps[0]).toMatchObject({ kind: 'update', writes: [{ method: 'PUT', version: 2 }] });
    expect(plan.steps[0]!.changes).toEqual([
      { path: '', kind: 'changed', property: 'title', before: 'Loan application form', after: 'Loan form' },
      { path: 'kind', kind: 'changed', property: 'title', before: 'Kind of loan', after: 'Loan kind' },
      {
        path: 'kind',
        kind: 'changed',
        property: 'enumTitles',
        before: { home: 'Home loan' },
        after: { home: 'Home loan', car: 'Car loan' },
      },
    ]);
    // A title is no compatibility matter: nothing is blocked.
    expect(plan.violations).toEqual([]);
    await applyPlan(plan, { target: org.target });
    expect(servedSchema(family).properties['kind_enum']).toMatchObject({
      title: 'Loan kind',
      _enumProperties: { car: { title: 'Car loan' } },
    });
    expect((await planAgainst(org.target, renamed)).summary.changes).toBe(0);
  });

  it('a change of one in the org is drift that the plan shows and the apply puts back', async () => {
    org = await startFamilyOrg(family);
    const want = [doc([kind({ home: 'Home loan' })])];
    await applyPlan(await planAgainst(org.target, want), { target: org.target });

    // Someone retitles the field and an enum value in the org (as the admin UI would).
    await applyPlan(await planAgainst(org.other, [doc([kind({ home: 'Mortgage' }, 'Product')])]), {
      target: org.other,
    });
    const plan = await planAgainst(org.target, want);
    expect(plan.steps[0]!.kind).toBe('update');
    expect(plan.steps[0]!.changes.map((c) => [c.path, c.property, c.before, c.after])).toEqual([
      ['kind', 'title', 'Product', 'Kind of loan'],
      ['kind', 'enumTitles', { home: 'Mortgage' }, { home: 'Home loan' }],
    ]);
    await applyPlan(plan, { target: org.target });
    expect(servedSchema(family).properties['kind_enum']!['title']).toBe('Kind of loan');
  });

  it('a title equal to its default is the same as none, on both sides', async () => {
    org = await startFamilyOrg(family);
    const plain: SchemaField = { name: 'kind', fieldtype: 'string', constraints: { enum: ['home', 'car'] } };
    await applyPlan(await planAgainst(org.target, [doc([plain])]), { target: org.target });
    const spelledOut = doc([{ ...plain, title: 'kind', enumTitles: { home: 'home' } }], { title: 'Loan application' });
    expect((await planAgainst(org.target, [spelledOut])).summary.changes).toBe(0);
  });

  it('diff compares schema titles as plan does: the same is no difference, another is one', async () => {
    org = await startFamilyOrg(family);
    prod = await startFamilyOrg(family);
    const titled = (title?: string): DesiredDocument[] => [doc([kind()], title === undefined ? {} : { title })];
    const put = async (into: FamilyOrg, docs: DesiredDocument[]): Promise<void> => {
      await applyPlan(await planAgainst(into.target, docs), { target: into.target });
    };
    const diff = () =>
      diffOrgs({
        source: { name: 'test', target: org!.target, orgDomain: 'test.example' },
        target: { name: 'prod', target: prod!.target, orgDomain: 'prod.example' },
        compatibility: { mode: 'FULL_TRANSITIVE', ignore: [] },
        createdAt: '2026-12-02T00:00:00.000Z',
      });

    // Only in the source: planned as a create that writes the title.
    await put(org, titled('Loan form'));
    const created = await diff();
    expect(created.plan.steps[0]).toMatchObject({ kind: 'create', content: { title: 'Loan form' } });

    // The same file applied to both orgs: no difference.
    await put(prod, titled('Loan form'));
    const same = await diff();
    expect(same.plan.steps[0]!.kind).toBe('noop');
    expect(same.differ).toBe(false);

    // Another title in the target, or none (which is the name): a difference of contents, compatible in every mode.
    for (const [target, before] of [
      ['Loan application form', 'Loan application form'],
      [undefined, 'Loan application'],
    ] as const) {
      await put(prod, titled(target));
      const retitled = await diff();
      expect(retitled.differ).toBe(true);
      expect(retitled.plan.steps[0]).toMatchObject({ kind: 'update' });
      expect(retitled.plan.steps[0]!.changes).toEqual([
        { path: '', kind: 'changed', property: 'title', before, after: 'Loan form' },
      ]);
      expect(retitled.plan.violations).toEqual([]);
    }
  });

  it('pull keeps titles set in the org, and the pulled file plans no change', async () => {
    org = await startFamilyOrg(family);
    const properties = {
      kind_enum: {
        allOf: [{ $ref: '#/definitions/enum' }],
        title: 'Kind of loan',
        enum: ['home', 'car'],
        _enumProperties: { home: { title: 'Home loan', _disabled: false }, car: { title: 'car', _disabled: false } },
      },
      account_identifier: { allOf: [{ $ref: '#/definitions/identifier' }], title: 'account_identifier' },
    };
    const body = { name: 'Loan application', version: 1, jsonSchema: { title: 'Loan application form', properties } };
    const created = await caller(org.handle, await tokenFor(org.handle))('POST', BASE[family.name as 'contacts'], body);
    expect(created.status).toBe(200);

    dir = await mkdtemp(join(tmpdir(), 'cxschema-titles-'));
    await pullSchemas({ target: org.target, orgDomain: 'emulator', outDir: dir });
    const text = await readFile(join(dir, 'loan_application.schema.yaml'), 'utf8');
    expect(text).toContain('name: Loan application\ntitle: Loan application form\n');
    expect(text).toContain(
      '  - name: kind\n    fieldtype: string\n    title: Kind of loan\n    constraints:\n' +
        '      enum:\n        - home\n        - car\n    enumTitles:\n      home: Home loan\n',
    );
    // A title that is not the name is kept as it is, even when it looks like a property key.
    expect(text).toContain('  - name: account\n    fieldtype: identifier\n    title: account_identifier\n');

    const prepared = await preparePlan({
      paths: [dir],
      cwd: dir,
      config: { ...defaultConfig(dir), target: family.name },
      target: org.target,
      orgDomain: 'emulator',
      createdAt: '2026-12-02T00:00:00.000Z',
    });
    expect(prepared.validation.diagnostics).toEqual([]);
    expect(prepared.plan!.summary).toMatchObject({ changes: 0, unchanged: 1 });
  });

  it('an empty schema title in the org stands for the name: pull writes none, and nothing is planned', async () => {
    org = await startFamilyOrg(family);
    const properties = { account_identifier: { allOf: [{ $ref: '#/definitions/identifier' }], title: 'Account' } };
    const body = { name: 'Loan application', version: 1, jsonSchema: { title: '', properties } };
    const created = await caller(org.handle, await tokenFor(org.handle))('POST', BASE[family.name as 'contacts'], body);
    expect(created.status).toBe(200);
    expect(servedSchema(family).title).toBe('');

    dir = await mkdtemp(join(tmpdir(), 'cxschema-titles-'));
    await pullSchemas({ target: org.target, orgDomain: 'emulator', outDir: dir });
    const text = await readFile(join(dir, 'loan_application.schema.yaml'), 'utf8');
    expect(text).toContain(`name: Loan application\ntarget: ${family.name}\nfields:\n`);
    expect(text).not.toMatch(/^title:/m);

    const prepared = await preparePlan({
      paths: [dir],
      cwd: dir,
      config: { ...defaultConfig(dir), target: family.name },
      target: org.target,
      orgDomain: 'emulator',
      createdAt: '2026-12-02T00:00:00.000Z',
    });
    expect(prepared.validation.diagnostics).toEqual([]);
    expect(prepared.plan!.summary).toMatchObject({ changes: 0, unchanged: 1 });
    // A file that spells the default out says the same.
    const account: SchemaField = { name: 'account', fieldtype: 'identifier', title: 'Account' };
    const spelledOut = doc([account], { title: 'Loan application' });
    expect((await planAgainst(org.target, [spelledOut])).summary.changes).toBe(0);

    // The next write of the schema gives it the title it stood for.
    const noted = doc([account, { name: 'note', fieldtype: 'string' }]);
    await applyPlan(await planAgainst(org.target, [noted]), { target: org.target });
    expect(servedSchema(family).title).toBe('Loan application');
  });

  it('pull adopts a schema title longer than a name may be: the platform bounds the title by no length', async () => {
    org = await startFamilyOrg(family);
    const title = `Loan application form, ${'with a long explanation '.repeat(12)}🚀`;
    expect([...title].length).toBeGreaterThan(200);
    const body = { name: 'Loan application', version: 1, jsonSchema: { title, properties: {} } };
    const created = await caller(org.handle, await tokenFor(org.handle))('POST', BASE[family.name as 'contacts'], body);
    expect(created.status).toBe(200);

    dir = await mkdtemp(join(tmpdir(), 'cxschema-titles-'));
    await pullSchemas({ target: org.target, orgDomain: 'emulator', outDir: dir });
    const text = await readFile(join(dir, 'loan_application.schema.yaml'), 'utf8');
    expect(text).toContain(`title: ${title}\n`);

    const prepared = await preparePlan({
      paths: [dir],
      cwd: dir,
      config: { ...defaultConfig(dir), target: family.name },
      target: org.target,
      orgDomain: 'emulator',
      createdAt: '2026-12-02T00:00:00.000Z',
    });
    expect(prepared.validation.diagnostics).toEqual([]);
    expect(prepared.plan!.summary).toMatchObject({ changes: 0, unchanged: 1 });
  });
});
