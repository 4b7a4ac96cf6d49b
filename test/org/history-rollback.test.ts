import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { CxConfig } from '../../src/model/config.js';
import { CxError } from '../../src/model/errors.js';
import type { SchemaField } from '../../src/model/schema.js';
import { readHistory } from '../../src/org/history.js';
import { planRollback } from '../../src/org/rollback.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';

let org: TestOrg;
const BACKWARD: CxConfig['compatibility'] = { mode: 'BACKWARD', ignore: [] };

const title = (maxLength: number): SchemaField => ({
  name: 'title',
  fieldtype: 'string',
  required: true,
  constraints: { maxLength },
});

/** v1 DRAFT, v2 PUBLISHED (title 100), v3 title 150 and a `note` added, v4 DEPRECATED. */
beforeEach(async () => {
  org = await startOrg();
  const body = { externalId: 'ticket', name: 'Ticket', fields: [title(100)] };
  await org.target.create({ ...body, version: 1, status: 'DRAFT' });
  await org.target.update({ ...body, version: 2, status: 'PUBLISHED' });
  const wider = { ...body, fields: [title(150), { name: 'note', fieldtype: 'longText' as const }] };
  await org.target.update({ ...wider, version: 3, status: 'PUBLISHED' });
  await org.target.update({ ...wider, version: 4, status: 'DEPRECATED' });
});

afterEach(async () => {
  await org.stop();
});

describe('readHistory', () => {
  it('lists every version oldest first, with its status and the diff and rule ids to the one before', async () => {
    const history = await readHistory({ target: org.target, externalId: 'ticket', mode: 'FORWARD' });
    expect(history.current).toBe(4);
    expect(history.versions.map((v) => [v.version, v.status, v.statusBefore])).toEqual([
      [1, 'DRAFT', undefined],
      [2, 'PUBLISHED', 'DRAFT'],
      [3, 'PUBLISHED', undefined],
      [4, 'DEPRECATED', 'PUBLISHED'],
    ]);
    const v3 = history.versions[2]!;
    expect(v3.changes).toEqual([
      { path: 'title', kind: 'changed', property: 'constraints.maxLength', before: 100, after: 150 },
      { path: 'note', kind: 'added', after: { name: 'note', fieldtype: 'longText' } },
    ]);
    // MAX_LENGTH_INCREASED breaks FORWARD (old consumers meet longer values).
    expect(v3.compatibility).toEqual([
      expect.objectContaining({ rule: 'MAX_LENGTH_INCREASED', field: 'title', before: 100, after: 150, breaks: true }),
    ]);
    expect(history.versions[3]!.changes).toEqual([]);
    expect(Date.parse(history.versions[0]!.date)).not.toBeNaN();
  });

  it('says so for an externalId the org does not hold', async () => {
    await expect(readHistory({ target: org.target, externalId: 'nothing', mode: 'BACKWARD' })).rejects.toThrow(
      'no schema "nothing" in the org (customobjects)',
    );
  });
});

describe('planRollback', () => {
  const rollback = (
    toVersion: number,
    extra: Partial<Parameters<typeof planRollback>[0]> = {},
  ): ReturnType<typeof planRollback> =>
    planRollback({
      target: org.target,
      orgDomain: 'emulator',
      externalId: 'ticket',
      toVersion,
      compatibility: BACKWARD,
      createdAt: '2026-01-01T00:00:00.000Z',
      ...extra,
    });

  it('refuses a rollback the mode forbids: the step is blocked with its violations', async () => {
    const { plan } = await rollback(2);
    const step = plan.steps[0]!;
    expect(step).toMatchObject({
      kind: 'update',
      from: { version: 4, status: 'DEPRECATED' },
      rollback: { restoredVersion: 2 },
    });
    expect(step.blocked).toContain('MAX_LENGTH_DECREASED');
    expect(plan.violations.map((v) => [v.rule, v.field])).toEqual([
      ['FIELD_REMOVED', 'note'],
      ['MAX_LENGTH_DECREASED', 'title'],
    ]);
    expect(plan.summary).toMatchObject({ blocked: 1, writes: 0 });
  });

  it('with --allow-breaking lands as current + 1 with the old contents and the current status', async () => {
    const { plan } = await rollback(2, { allowBreaking: 'no ticket has a note yet' });
    const step = plan.steps[0]!;
    expect(step.blocked).toBeUndefined();
    expect(step.rollback).toEqual({ restoredVersion: 2, allowBreakingReason: 'no ticket has a note yet' });
    expect(step.writes).toEqual([{ method: 'PUT', version: 5, status: 'DEPRECATED' }]);
    expect(plan.ignoredViolations.map((v) => v.ignoredBecause)).toEqual([
      '--allow-breaking: no ticket has a note yet',
      '--allow-breaking: no ticket has a note yet',
    ]);
    const result = await applyPlan(plan, { target: org.target });
    expect(result.summary.updated).toBe(1);
    const now = await org.target.get('ticket');
    expect(now).toMatchObject({ version: 5, status: 'DEPRECATED', fields: [title(100)] });
  });

  it('has nothing to do when the current version already holds those contents', async () => {
    const { plan } = await rollback(3);
    expect(plan.steps[0]!.kind).toBe('noop');
    expect(plan.summary.changes).toBe(0);
    const { plan: same } = await rollback(4);
    expect(same.steps[0]!.kind).toBe('noop');
  });

  it('reads every version under a transitive mode and judges against all of them', async () => {
    const { plan } = await rollback(2, { compatibility: { mode: 'BACKWARD_TRANSITIVE', ignore: [] } });
    expect(plan.steps[0]!.blocked).toBeDefined();
    expect(new Set(plan.violations.map((v) => v.mode))).toEqual(new Set(['BACKWARD_TRANSITIVE']));
  });

  it('refuses a version that does not exist, an unknown externalId, and --allow-breaking without a reason', async () => {
    await expect(rollback(9)).rejects.toThrow('schema "ticket" has no version 9: its versions are 1 to 4');
    await expect(rollback(9, { compatibility: { mode: 'FULL_TRANSITIVE', ignore: [] } })).rejects.toThrow(
      'has no version 9',
    );
    await expect(rollback(1, { externalId: 'nothing' })).rejects.toThrow('no schema "nothing" in the org');
    const blank = await rollback(1, { allowBreaking: '  ' }).catch((error: unknown) => error);
    expect(blank).toBeInstanceOf(CxError);
    expect((blank as CxError).code).toBe('USAGE');
  });
});
