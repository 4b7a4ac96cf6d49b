/**
 * Disabled enum values on the DataSchema families (docs/families.md "Disabled values"): a field's `disabledValues`
 * is written as `_disabled: true`, read back, compared by plan and the read-back, and pulled. A value disabled in
 * the org and not in the file is drift that the plan shows and the apply enables again; nothing else is disabled
 * or enabled behind the file's back.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { renderDiff } from '../../src/cli/diff-action.js';
import { renderHistory } from '../../src/cli/history-action.js';
import { renderPlanMarkdown } from '../../src/cli/render/plan-markdown.js';
import { renderPlan } from '../../src/cli/render-plan.js';
import {
  CONTACTS_FAMILY,
  CUSTOM_OBJECTS_FAMILY,
  ORGANIZATIONS_FAMILY,
  WORKITEMS_FAMILY,
  type Family,
} from '../../src/family/index.js';
import { defaultConfig } from '../../src/load/config-loader.js';
import type { SchemaField } from '../../src/model/schema.js';
import { readHistory } from '../../src/org/history.js';
import { diffOrgs } from '../../src/org/org-diff.js';
import { pullSchemas } from '../../src/org/pull.js';
import { planRollback } from '../../src/org/rollback.js';
import type { DesiredDocument } from '../../src/plan/plan-changes.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import { caller, tokenFor } from '../emulator/emulator-fixtures.js';
import { BASE } from '../emulator/dataschema-fixtures.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let org: FamilyOrg | undefined;
let dir: string | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const FAMILIES: Family[] = [CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY];

const kind = (disabledValues?: string[]): SchemaField => ({
  name: 'kind',
  fieldtype: 'string',
  constraints: { enum: ['home', 'car', 'boat'] },
  enumTitles: { home: 'Home loan' },
  ...(disabledValues === undefined ? {} : { disabledValues }),
});

function doc(fields: SchemaField[]): DesiredDocument {
  return {
    file: 'loan_application.schema.yaml',
    definition: { externalId: 'loan_application', name: 'Loan application', fields },
  };
}

type EnumProperties = Record<string, { title: string; _disabled?: boolean }>;

/** The `_enumProperties` of the family's one schema's `kind` field, as the emulator serves it. */
function servedEnumProperties(family: Family): EnumProperties {
  const jsonSchema = org!.handle.dataSchemas(family.name as 'contacts')[0]!['jsonSchema'] as Record<string, unknown>;
  const properties = jsonSchema['properties'] as Record<string, Record<string, unknown>>;
  return properties['kind_enum']!['_enumProperties'] as EnumProperties;
}

/** Someone disables (or enables) values in the org, as the admin UI does: a PUT of the body it read, edited. */
async function setDisabledInOrg(family: Family, disabled: Record<string, boolean>): Promise<void> {
  const current = org!.handle.dataSchemas(family.name as 'contacts')[0]!;
  const body = structuredClone(current) as Record<string, unknown> & { jsonSchema: Record<string, unknown> };
  const properties = body.jsonSchema['properties'] as Record<string, Record<string, unknown>>;
  const entries = properties['kind_enum']!['_enumProperties'] as EnumProperties;
  for (const [value, flag] of Object.entries(disabled)) entries[value]!._disabled = flag;
  const put = await caller(org!.handle, await tokenFor(org!.handle))(
    'PUT',
    `${BASE[family.name as 'contacts']}/${String(body['id'])}`,
    body,
  );
  expect(put.status).toBe(200);
}

async function pullInto(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-disabled-'));
  await pullSchemas({ target: org!.target, orgDomain: 'emulator', outDir: dir });
  return readFile(join(dir, 'loan_application.schema.yaml'), 'utf8');
}

async function planPulled(family: Family): Promise<Awaited<ReturnType<typeof preparePlan>>> {
  return preparePlan({
    paths: [dir!],
    cwd: dir!,
    config: { ...defaultConfig(dir!), target: family.name },
    target: org!.target,
    orgDomain: 'emulator',
    createdAt: '2026-12-02T00:00:00.000Z',
  });
}

describe.each(FAMILIES.map((family) => [family.name, family] as const))('disabled values on %s', (_name, family) => {
  it('round trip: written as _disabled, planned as no change, pulled as written', async () => {
    org = await startFamilyOrg(family);
    const want = [doc([kind(['car'])])];
    const plan = await planAgainst(org.target, want);
    expect(plan.steps[0]!.kind).toBe('create');
    await applyPlan(plan, { target: org.target });
    expect(servedEnumProperties(family)).toEqual({
      home: { title: 'Home loan', _disabled: false },
      car: { title: 'car', _disabled: true },
      boat: { title: 'boat', _disabled: false },
    });
    expect((await planAgainst(org.target, want)).summary.changes).toBe(0);

    const text = await pullInto();
    expect(text).toContain('    enumTitles:\n      home: Home loan\n    disabledValues:\n      - car\n');
    const pulled = await planPulled(family);
    expect(pulled.validation.diagnostics).toEqual([]);
    expect(pulled.plan!.summary).toMatchObject({ changes: 0, unchanged: 1 });
    const value = pulled.validation.documents[0]!.value as { fields: SchemaField[] };
    expect(value.fields).toEqual([kind(['car'])]);
  });

  it('disabling and enabling again in the file are changes the plan shows, and nothing breaks', async () => {
    org = await startFamilyOrg(family);
    await applyPlan(await planAgainst(org.target, [doc([kind()])]), { target: org.target });

    // The strictest mode: disabling a value keeps it in the enum, so no direction breaks (docs/compatibility.md).
    const strict = { compatibility: { mode: 'FULL_TRANSITIVE' as const, ignore: [] } };
    const disabling = await planAgainst(org.target, [doc([kind(['boat', 'car'])])], strict);
    expect(disabling.steps[0]).toMatchObject({ kind: 'update', writes: [{ method: 'PUT', version: 2 }] });
    expect(disabling.steps[0]!.changes).toEqual([
      { path: 'kind', kind: 'changed', property: 'disabledValues', before: [], after: ['car', 'boat'] },
    ]);
    expect(disabling.violations).toEqual([]);
    // Shown plainly in the text and markdown plans (the JSON plan is the plan document above).
    expect(renderPlan(disabling, { color: false })).toContain(
      '      ~ field kind.disabledValues: [] -> ["car","boat"]\n',
    );
    expect(renderPlanMarkdown(disabling)).toContain('~ kind.disabledValues: [] -> ["car","boat"]');
    await applyPlan(disabling, { target: org.target });
    expect(servedEnumProperties(family)['boat']!._disabled).toBe(true);

    const enabling = await planAgainst(org.target, [doc([kind(['car'])])], strict);
    expect(enabling.steps[0]!.changes).toEqual([
      { path: 'kind', kind: 'changed', property: 'disabledValues', before: ['car', 'boat'], after: ['car'] },
    ]);
    expect(enabling.violations).toEqual([]);
    await applyPlan(enabling, { target: org.target });
    expect(servedEnumProperties(family)).toMatchObject({ car: { _disabled: true }, boat: { _disabled: false } });
    expect((await planAgainst(org.target, [doc([kind(['car'])])])).summary.changes).toBe(0);

    // history shows each version's list, and no catalogued change: neither breaks the strictest mode.
    const history = await readHistory({ target: org.target, externalId: 'loan_application', mode: 'FULL_TRANSITIVE' });
    expect(history.versions.map((v) => [v.changes, v.compatibility])).toEqual([
      [[], []],
      [[{ path: 'kind', kind: 'changed', property: 'disabledValues', before: [], after: ['car', 'boat'] }], []],
      [[{ path: 'kind', kind: 'changed', property: 'disabledValues', before: ['car', 'boat'], after: ['car'] }], []],
    ]);
  });

  it('a value disabled in the org and not in the file is drift: the plan enables it again', async () => {
    org = await startFamilyOrg(family);
    const want = [doc([kind()])];
    await applyPlan(await planAgainst(org.target, want), { target: org.target });
    await setDisabledInOrg(family, { boat: true });

    const plan = await planAgainst(org.target, want);
    expect(plan.steps[0]!.kind).toBe('update');
    expect(plan.steps[0]!.changes).toEqual([
      { path: 'kind', kind: 'changed', property: 'disabledValues', before: ['boat'], after: [] },
    ]);
    await applyPlan(plan, { target: org.target });
    expect(servedEnumProperties(family)['boat']!._disabled).toBe(false);
    expect((await planAgainst(org.target, want)).summary.changes).toBe(0);
  });

  it('a rollback to a version before a value was disabled enables it again, in any mode', async () => {
    org = await startFamilyOrg(family);
    await applyPlan(await planAgainst(org.target, [doc([kind()])]), { target: org.target });
    await applyPlan(await planAgainst(org.target, [doc([kind(['boat'])])]), { target: org.target });
    const { plan } = await planRollback({
      target: org.target,
      orgDomain: 'emulator',
      externalId: 'loan_application',
      toVersion: 1,
      compatibility: { mode: 'FULL_TRANSITIVE', ignore: [] },
      createdAt: '2026-12-02T00:00:00.000Z',
    });
    expect(plan.violations).toEqual([]);
    expect(plan.steps[0]!.changes).toEqual([
      { path: 'kind', kind: 'changed', property: 'disabledValues', before: ['boat'], after: [] },
    ]);
    await applyPlan(plan, { target: org.target });
    expect(servedEnumProperties(family)['boat']!._disabled).toBe(false);
  });

  it('an org without disabled values pulls without disabledValues; one disabled in the org is pulled', async () => {
    org = await startFamilyOrg(family);
    await applyPlan(await planAgainst(org.target, [doc([kind()])]), { target: org.target });
    expect(await pullInto()).not.toContain('disabledValues');
    await rm(dir!, { recursive: true, force: true });

    await setDisabledInOrg(family, { home: true, boat: true });
    const text = await pullInto();
    expect(text).toContain('    disabledValues:\n      - home\n      - boat\n');
    expect((await planPulled(family)).plan!.summary).toMatchObject({ changes: 0, unchanged: 1 });
  });

  it('diff and history show a disabled value as a line of the field', async () => {
    org = await startFamilyOrg(family);
    const other = await startFamilyOrg(family);
    try {
      await applyPlan(await planAgainst(org.target, [doc([kind()])]), { target: org.target });
      await applyPlan(await planAgainst(org.target, [doc([kind(['boat'])])]), { target: org.target });
      await applyPlan(await planAgainst(other.target, [doc([kind()])]), { target: other.target });
      // docs/diff.md: the target has boat disabled, the source does not.
      const diff = await diffOrgs({
        source: { name: 'test', target: other.target, orgDomain: 'test.example' },
        target: { name: 'prod', target: org.target, orgDomain: 'prod.example' },
        compatibility: { mode: 'FULL_TRANSITIVE', ignore: [] },
        createdAt: '2026-12-02T00:00:00.000Z',
      });
      const diffText = renderDiff(diff, false);
      expect(diffText).toContain('~ field kind.disabledValues: ["boat"] -> []\n');
      // Compatible in every mode (docs/diff.md): nothing blocks the promotion.
      expect(diff.plan.violations).toEqual([]);
      expect(diff.plan.steps[0]!.blocked).toBeUndefined();
    } finally {
      await other.stop();
    }
    const history = await readHistory({ target: org.target, externalId: 'loan_application', mode: 'BACKWARD' });
    expect(renderHistory(history, false)).toContain('~ field kind.disabledValues: [] -> ["boat"]\n');
  });

  it('a required field with every value disabled in the org pulls to a file that plans no change', async () => {
    org = await startFamilyOrg(family);
    const required: SchemaField = { ...kind(), required: true };
    await applyPlan(await planAgainst(org.target, [doc([required])]), { target: org.target });
    await setDisabledInOrg(family, { home: true, car: true, boat: true });

    const text = await pullInto();
    expect(text).toContain('    disabledValues:\n      - home\n      - car\n      - boat\n');
    const pulled = await planPulled(family);
    expect(pulled.validation.diagnostics).toEqual([]);
    expect(pulled.plan!.violations).toEqual([]);
    expect(pulled.plan!.summary).toMatchObject({ changes: 0, unchanged: 1 });
  });
});

describe.each([CONTACTS_FAMILY, ORGANIZATIONS_FAMILY].map((family) => [family.name, family] as const))(
  'removing a value on %s',
  (_name, family) => {
    it('is refused in any mode, with a hint to disable it instead', async () => {
      org = await startFamilyOrg(family);
      await applyPlan(await planAgainst(org.target, [doc([kind()])]), { target: org.target });
      const removed: SchemaField = { ...kind(), constraints: { enum: ['home', 'car'] } };
      const plan = await planAgainst(org.target, [doc([removed])], { compatibility: { mode: 'NONE', ignore: [] } });
      expect(plan.violations).toHaveLength(1);
      expect(plan.violations[0]).toMatchObject({ rule: 'ENUM_VALUE_REMOVED', field: 'kind' });
      expect(plan.violations[0]!.hint).toContain('disabledValues');
      expect(plan.violations[0]!.hint).not.toContain('add a new one');
    });
  },
);

describe('disabled values on custom objects', () => {
  const customObjectFile = (disabledValues: string): string => `externalId: customer
name: Customer
fields:
  - name: tier
    fieldtype: string
    constraints:
      enum: [gold, silver, bronze]
    disabledValues: ${disabledValues}
`;

  async function planCustomObjects(text: string, rules: Record<string, 'warning'> = {}) {
    dir = await mkdtemp(join(tmpdir(), 'cxschema-disabled-'));
    await writeFile(join(dir, 'customer.schema.yaml'), text);
    return preparePlan({
      paths: [dir],
      cwd: dir,
      config: { ...defaultConfig(dir), rules },
      target: org!.target,
      orgDomain: 'emulator',
      createdAt: '2026-12-02T00:00:00.000Z',
    });
  }

  it('are never deployed, even with FAMILY_DISABLED_VALUES_UNSUPPORTED lowered to a warning', async () => {
    org = await startFamilyOrg(CUSTOM_OBJECTS_FAMILY);
    const prepared = await planCustomObjects(customObjectFile('[bronze]'), {
      FAMILY_DISABLED_VALUES_UNSUPPORTED: 'warning',
    });
    expect(prepared.validation.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([
      ['FAMILY_DISABLED_VALUES_UNSUPPORTED', 'warning'],
    ]);
    const step = prepared.plan!.steps[0]!;
    expect(step.blocked).toBe('field tier: custom object schemas cannot disable an enum value (disabledValues)');
    expect(prepared.plan!.summary.blocked).toBe(1);
    await applyPlan(prepared.plan!, { target: org.target });
    expect(org.handle.schemas()).toEqual([]);
  });

  it('like titles, which a lowered FAMILY_TITLE_UNSUPPORTED does not deploy either', async () => {
    org = await startFamilyOrg(CUSTOM_OBJECTS_FAMILY);
    const titled = customObjectFile('[]').replace('fieldtype: string', 'fieldtype: string\n    title: Tier');
    const prepared = await planCustomObjects(titled, { FAMILY_TITLE_UNSUPPORTED: 'warning' });
    expect(prepared.plan!.steps[0]!.blocked).toBe('field tier: custom object schemas have no title');
    await applyPlan(prepared.plan!, { target: org.target });
    expect(org.handle.schemas()).toEqual([]);
  });

  it('accept an empty list, which disables nothing, and send no disabledValues', async () => {
    org = await startFamilyOrg(CUSTOM_OBJECTS_FAMILY);
    const prepared = await planCustomObjects(customObjectFile('[]'));
    expect(prepared.validation.diagnostics).toEqual([]);
    expect(prepared.plan!.steps[0]).toMatchObject({ kind: 'create' });
    expect(prepared.plan!.steps[0]!.blocked).toBeUndefined();
    await applyPlan(prepared.plan!, { target: org.target });
    const [stored] = org.handle.schemas();
    expect(stored!.fields).toEqual([
      { name: 'tier', fieldtype: 'string', constraints: { enum: ['gold', 'silver', 'bronze'] } },
    ]);
    expect((await planCustomObjects(customObjectFile('[]'))).plan!.summary.changes).toBe(0);
  });
});

describe('removing a value where the mode forbids it', () => {
  it('on workitems, the hint names disabledValues first', async () => {
    org = await startFamilyOrg(WORKITEMS_FAMILY);
    await applyPlan(await planAgainst(org.target, [doc([kind()])]), { target: org.target });
    const removed: SchemaField = { ...kind(), constraints: { enum: ['home', 'car'] } };
    const plan = await planAgainst(org.target, [doc([removed])]);
    expect(plan.violations).toHaveLength(1);
    expect(plan.violations[0]).toMatchObject({ rule: 'ENUM_VALUE_REMOVED', field: 'kind' });
    expect(plan.violations[0]!.hint).toMatch(/^keep the value in constraints\.enum and list it in .*disabledValues/);
    expect(plan.violations[0]!.hint).toContain('compatibility.ignore');
  });

  it('on custom objects, which cannot disable a value, the hint does not name disabledValues', async () => {
    org = await startFamilyOrg(CUSTOM_OBJECTS_FAMILY);
    const field: SchemaField = { name: 'kind', fieldtype: 'string', constraints: { enum: ['home', 'car', 'boat'] } };
    await applyPlan(await planAgainst(org.target, [doc([field])]), { target: org.target });
    const removed: SchemaField = { ...field, constraints: { enum: ['home', 'car'] } };
    const plan = await planAgainst(org.target, [doc([removed])]);
    expect(plan.violations[0]).toMatchObject({ rule: 'ENUM_VALUE_REMOVED', field: 'kind' });
    expect(plan.violations[0]!.hint).not.toContain('disabledValues');
  });
});
