/**
 * A type or constraint the family cannot hold is never deployed, even when the config lowers its rule to a
 * warning: the plan blocks the step, and apply sends nothing (before, building the write body threw a TypeError).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { CONTACTS_FAMILY, WORKITEMS_FAMILY } from '../../src/family/index.js';
import { defaultConfig } from '../../src/load/config-loader.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';

let org: FamilyOrg | undefined;
let dir: string | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const file = `externalId: vip_contact
name: VIP contact
target: contacts
fields:
  - name: nickname
    fieldtype: string
  - name: backup_email
    fieldtype: email
  - name: account
    fieldtype: string
    constraints:
      pattern: "^[0-9]{8}$"
`;

describe('contents the family cannot hold, with their rules lowered to warnings', () => {
  it('block the step, and apply writes nothing', async () => {
    org = await startFamilyOrg(CONTACTS_FAMILY);
    dir = await mkdtemp(join(tmpdir(), 'cxschema-unheld-'));
    await writeFile(join(dir, 'vip_contact.schema.yaml'), file);
    const prepared = await preparePlan({
      paths: [dir],
      cwd: dir,
      config: {
        ...defaultConfig(dir),
        rules: { FAMILY_TYPE_UNSUPPORTED: 'warning', FAMILY_CONSTRAINT_UNSUPPORTED: 'warning' },
      },
      target: org.target,
      orgDomain: 'emulator',
      createdAt: '2026-12-02T00:00:00.000Z',
    });
    expect(prepared.validation.diagnostics.map((d) => [d.ruleId, d.severity]).sort()).toEqual([
      ['FAMILY_CONSTRAINT_UNSUPPORTED', 'warning'],
      ['FAMILY_TYPE_UNSUPPORTED', 'warning'],
    ]);
    const step = prepared.plan!.steps[0]!;
    expect(step.blocked).toMatch(/^field backup_email: .*; field account: .*pattern/);
    expect(prepared.plan!.summary.blocked).toBe(1);
    const result = await applyPlan(prepared.plan!, { target: org.target });
    expect(result.outcomes[0]).toMatchObject({ result: 'blocked' });
    expect(org.handle.schemas()).toEqual([]);
    expect(org.handle.requestLog().filter((r) => r.method !== 'GET' && r.path !== '/oauth/token')).toEqual([]);
  });

  it('block a fieldtype cxschema does not know, with FIELD_TYPE_UNKNOWN off, rather than fail inside plan', async () => {
    org = await startFamilyOrg(WORKITEMS_FAMILY);
    dir = await mkdtemp(join(tmpdir(), 'cxschema-unheld-'));
    await writeFile(
      join(dir, 'ticket.schema.yaml'),
      'externalId: ticket\nname: Ticket\ntarget: workitems\nfields:\n  - name: odd\n    fieldtype: foo\n',
    );
    const prepared = await preparePlan({
      paths: [dir],
      cwd: dir,
      config: { ...defaultConfig(dir), rules: { FIELD_TYPE_UNKNOWN: 'off' } },
      target: org.target,
      orgDomain: 'emulator',
      createdAt: '2026-12-02T00:00:00.000Z',
    });
    expect(prepared.plan!.steps[0]!.blocked).toBe(
      'field odd: foo has no coretype: it is not a fieldtype cxschema knows',
    );
    await applyPlan(prepared.plan!, { target: org.target });
    expect(org.handle.schemas()).toEqual([]);
  });

  it("block a field's description over the family's 500 characters, which the platform answers with a 400", async () => {
    org = await startFamilyOrg(WORKITEMS_FAMILY);
    dir = await mkdtemp(join(tmpdir(), 'cxschema-unheld-'));
    const description = 'd'.repeat(501);
    await writeFile(
      join(dir, 'ticket.schema.yaml'),
      `externalId: ticket\nname: Ticket\ntarget: workitems\nfields:\n  - name: notes\n    fieldtype: longText\n    description: ${description}\n`,
    );
    const prepared = await preparePlan({
      paths: [dir],
      cwd: dir,
      config: { ...defaultConfig(dir), rules: { FAMILY_CONSTRAINT_UNSUPPORTED: 'warning' } },
      target: org.target,
      orgDomain: 'emulator',
      createdAt: '2026-12-02T00:00:00.000Z',
    });
    expect(prepared.validation.diagnostics.map((d) => [d.ruleId, d.line, d.column, d.message])).toEqual([
      [
        'FAMILY_CONSTRAINT_UNSUPPORTED',
        7,
        18,
        "the description is 501 characters, over the 500 a field's description may have (maxFieldDescriptionCharacters)",
      ],
    ]);
    expect(prepared.plan!.steps[0]!.blocked).toMatch(/^field notes: the description is 501 characters/);
    await applyPlan(prepared.plan!, { target: org.target });
    expect(org.handle.schemas()).toEqual([]);
  });
});
