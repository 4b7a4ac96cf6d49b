/**
 * A rollback to a DataSchema version that holds what cxschema cannot read (docs/families.md "What cxschema cannot
 * read is never written over"): the new version would be written from what was read, so it would not be the
 * version asked for. The rollback is refused, naming what the restored version holds, and nothing is written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { WORKITEMS_FAMILY } from '../../src/family/index.js';
import { planRollback } from '../../src/org/rollback.js';
import { caller, tokenFor } from '../emulator/emulator-fixtures.js';
import { BASE, dataSchemaBody, REPEATING_TAG, textProperty } from '../emulator/dataschema-fixtures.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';

let org: FamilyOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

describe('rollback to a version cxschema cannot read whole', () => {
  it('is refused when the restored version holds a tag whose items may repeat, and writes nothing', async () => {
    org = await startFamilyOrg(WORKITEMS_FAMILY);
    const call = caller(org.handle, await tokenFor(org.handle));
    // v1, written by another tool: a text field beside the property cxschema cannot read.
    const created = await call(
      'POST',
      BASE.workitems,
      dataSchemaBody('Tagged', { note_text: textProperty('note'), labels_tag: REPEATING_TAG }),
    );
    expect(created.status).toBe(200);
    // v2 without that property, which cxschema reads whole.
    await org.other.update({
      externalId: 'tagged',
      name: 'Tagged',
      description: 'The Tagged schema',
      version: 2,
      status: 'PUBLISHED',
      fields: [{ name: 'note', fieldtype: 'string', constraints: { minLength: 0, maxLength: 100 } }],
    });
    const before = await org.other.get('tagged');
    expect(before?.unread).toBeUndefined();

    const { plan } = await planRollback({
      target: org.target,
      orgDomain: 'emulator',
      externalId: 'tagged',
      toVersion: 1,
      compatibility: { mode: 'NONE', ignore: [] },
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    const step = plan.steps[0]!;
    expect(step.kind).toBe('update');
    expect(step.blocked).toBe(
      'the restored v1 holds what cxschema cannot read, which the new version could not write back: labels_tag (a tag whose items may repeat)',
    );
    expect(plan.summary).toMatchObject({ blocked: 1, writes: 0 });

    const result = await applyPlan(plan, { target: org.target });
    expect(result.summary).toMatchObject({ updated: 0, blocked: 1 });
    expect((await org.other.get('tagged'))?.version).toBe(2);
  });
});
