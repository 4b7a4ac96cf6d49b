/**
 * `history` and `rollback --to N` on each DataSchema family, against the emulator: the versions the platform
 * keeps, a rollback planned under the family's rules (contacts and organizations never let a field go) and
 * applied under its version rule (a PUT carries the current version), and a soft-deleted workitem schema that
 * counts as absent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY, type Family } from '../../src/family/index.js';
import type { CxConfig } from '../../src/model/config.js';
import type { SchemaField, SchemaWriteBody } from '../../src/model/schema.js';
import { readHistory } from '../../src/org/history.js';
import { planRollback } from '../../src/org/rollback.js';
import { familyClient, startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';

let org: FamilyOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

const BACKWARD: CxConfig['compatibility'] = { mode: 'BACKWARD', ignore: [] };
const FAMILIES: Family[] = [CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY];

const summary = (maxLength: number): SchemaField => ({
  name: 'summary',
  fieldtype: 'string',
  required: true,
  constraints: { maxLength },
});
const note: SchemaField = { name: 'note', fieldtype: 'longText' };

const body = (version: number, fields: SchemaField[], status: SchemaWriteBody['status']): SchemaWriteBody => ({
  externalId: 'loan_application',
  name: 'Loan application',
  version,
  status,
  fields,
});

/** The version each PUT of `org.target` carried, in order. */
let putVersions: number[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  if (init?.method === 'PUT' && typeof init.body === 'string')
    putVersions.push((JSON.parse(init.body) as { version: number }).version);
  return fetch(input, init);
};

/** v1 [summary 50], v2 adds `note`, v3 widens summary to 80 and disables the schema. */
async function threeVersions(family: Family): Promise<FamilyOrg> {
  putVersions = [];
  const started = await startFamilyOrg(family, {}, { fetch: recordingFetch });
  await started.other.create(body(1, [summary(50)], 'PUBLISHED'));
  await started.other.update(body(2, [summary(50), note], 'PUBLISHED'));
  await started.other.update(body(3, [summary(80), note], 'DEPRECATED'));
  return started;
}

function rollback(
  target: FamilyOrg['target'],
  toVersion: number,
  extra: Partial<Parameters<typeof planRollback>[0]> = {},
) {
  return planRollback({
    target,
    orgDomain: 'emulator',
    externalId: 'loan_application',
    toVersion,
    compatibility: BACKWARD,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  });
}

describe.each(FAMILIES.map((family) => [family.name, family] as const))('history and rollback on %s', (_n, family) => {
  it('history lists every version with its status, the diff and the compatibility verdicts', async () => {
    org = await threeVersions(family);
    const history = await readHistory({ target: org.target, externalId: 'loan_application', mode: 'FORWARD' });
    expect(history.current).toBe(3);
    expect(history.versions.map((v) => [v.version, v.status, v.statusBefore])).toEqual([
      [1, 'PUBLISHED', undefined],
      [2, 'PUBLISHED', undefined],
      [3, 'DEPRECATED', 'PUBLISHED'],
    ]);
    // In coretype form, as the plan shows the field (docs/history.md).
    expect(history.versions[1]!.changes).toEqual([
      { path: 'note', kind: 'added', after: { name: 'note', fieldtype: 'longtext', constraints: { maxLength: 1000 } } },
    ]);
    expect(history.versions[2]!.changes).toEqual([
      { path: 'summary', kind: 'changed', property: 'constraints.maxLength', before: 50, after: 80 },
    ]);
    expect(history.versions[2]!.compatibility).toEqual([
      expect.objectContaining({ rule: 'MAX_LENGTH_INCREASED', field: 'summary', breaks: true }),
    ]);
  });

  it('rollback to a version with the same fields lands as current + 1, the PUT carrying the current version', async () => {
    org = await threeVersions(family);
    const refused = await rollback(org.target, 2);
    expect(refused.plan.steps[0]!.blocked).toContain('MAX_LENGTH_DECREASED');

    const { plan } = await rollback(org.target, 2, { allowBreaking: 'no summary is longer than 50' });
    expect(plan.steps[0]).toMatchObject({
      kind: 'update',
      from: { version: 3, status: 'DEPRECATED' },
      writes: [{ method: 'PUT', version: 4, status: 'DEPRECATED' }],
      rollback: { restoredVersion: 2 },
    });
    const result = await applyPlan(plan, { target: org.target });
    expect(result.outcomes[0]).toMatchObject({ result: 'done' });
    expect(putVersions).toEqual([3]);
    expect(await org.other.get('loan_application')).toMatchObject({
      version: 4,
      status: 'DEPRECATED',
      fields: [summary(50), note],
    });
    const history = await readHistory({ target: org.other, externalId: 'loan_application', mode: 'BACKWARD' });
    expect(history.versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
    expect((await rollback(org.target, 4)).plan.steps[0]!.kind).toBe('noop');
  });

  it('rollback to a version without a later field: refused where the family never lets a field go', async () => {
    org = await threeVersions(family);
    const { plan } = await rollback(org.target, 1, { allowBreaking: 'nobody wrote a note' });
    const step = plan.steps[0]!;
    if (family.neverAllowed.FIELD_REMOVED !== undefined) {
      expect(step.blocked).toContain('FIELD_REMOVED');
      expect(plan.violations.map((v) => v.rule)).toEqual(['FIELD_REMOVED']);
      const result = await applyPlan(plan, { target: org.target });
      expect(result.summary.updated).toBe(0);
      expect((await org.other.get('loan_application'))?.version).toBe(3);
    } else {
      expect(step.blocked).toBeUndefined();
      await applyPlan(plan, { target: org.target });
      expect(await org.other.get('loan_application')).toMatchObject({ version: 4, fields: [summary(50)] });
    }
  });

  it('a rollback planned before someone else wrote a version rebases under the version rule', async () => {
    org = await threeVersions(family);
    const { plan } = await rollback(org.target, 2, { allowBreaking: 'no summary is longer than 50' });
    // Someone else enables the schema again: version 4, behind the plan's back.
    await org.other.update(body(4, [summary(80), note], 'PUBLISHED'));
    const result = await applyPlan(plan, { target: org.target });
    expect(result.outcomes[0]).toMatchObject({ result: 'done', rebased: true });
    // The rebase writes the status the rollback planned (the one it read), over the enable.
    expect(await org.other.get('loan_application')).toMatchObject({
      version: 5,
      status: 'DEPRECATED',
      fields: [summary(50), note],
    });
    // The first PUT carried version 3 and met a conflict; the rebased one carried 4.
    expect(putVersions).toEqual([3, 4]);
  });

  it('an externalId the org does not hold is said so by both commands', async () => {
    org = await threeVersions(family);
    await expect(readHistory({ target: org.target, externalId: 'nothing', mode: 'BACKWARD' })).rejects.toThrow(
      `no schema "nothing" in the org (${family.name})`,
    );
    await expect(rollback(org.target, 1, { externalId: 'nothing' })).rejects.toThrow('no schema "nothing" in the org');
    await expect(rollback(org.target, 7)).rejects.toThrow('has no version 7: its versions are 1 to 3');
  });
});

describe('a deleted schema counts as absent', () => {
  it.each([CONTACTS_FAMILY, WORKITEMS_FAMILY].map((family) => [family.name, family] as const))(
    'on %s, for a client that saw it before the delete, and a new schema of that name starts at version 1',
    async (_name, family) => {
      org = await threeVersions(family);
      // This client lists (and so learns the schema's server id) before someone else deletes the schema.
      expect((await org.target.list()).map((s) => s.externalId)).toEqual(['loan_application']);
      await org.other.delete('loan_application');

      for (const mode of ['BACKWARD', 'BACKWARD_TRANSITIVE'] as const) {
        await expect(readHistory({ target: org.target, externalId: 'loan_application', mode })).rejects.toThrow(
          'no schema "loan_application" in the org',
        );
        await expect(rollback(org.target, 1, { compatibility: { mode, ignore: [] } })).rejects.toThrow(
          'no schema "loan_application" in the org',
        );
      }

      await familyClient(family, org.handle).create(body(1, [note], 'PUBLISHED'));
      const history = await readHistory({ target: org.target, externalId: 'loan_application', mode: 'BACKWARD' });
      expect(history.versions.map((v) => v.version)).toEqual([1]);
      expect((await org.target.version('loan_application', 1))?.fields).toEqual([note]);
      await expect(rollback(org.target, 2)).rejects.toThrow('its versions are 1 to 1');
    },
  );
});
