/**
 * `history` on a DataSchema family speaks as the plan does (docs/history.md "The diff lines are the plan's"): each
 * version's diff lines are the plan's lines for the same change, in coretype form, so that they agree with the
 * compatibility lines below them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { renderHistory } from '../../src/cli/history-action.js';
import { WORKITEMS_FAMILY } from '../../src/family/index.js';
import type { SchemaField, SchemaWriteBody } from '../../src/model/schema.js';
import { readHistory } from '../../src/org/history.js';
import { planAgainst } from '../support/plan-against.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';

let org: FamilyOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

const plainKind: SchemaField = { name: 'kind', fieldtype: 'string' };
const enumKind: SchemaField = { name: 'kind', fieldtype: 'string', constraints: { enum: ['home', 'car'] } };
const note: SchemaField = { name: 'note', fieldtype: 'string' };

const body = (version: number, fields: SchemaField[]): SchemaWriteBody => ({
  externalId: 'loan_application',
  name: 'Loan application',
  version,
  status: 'PUBLISHED',
  fields,
});

const doc = (fields: SchemaField[]) => ({
  file: 'loan_application.schema.yaml',
  definition: { externalId: 'loan_application', name: 'Loan application', fields },
});

describe('history on workitems', () => {
  it("shows each version's changes as the plan shows the same change, in coretype form", async () => {
    org = await startFamilyOrg(WORKITEMS_FAMILY);
    await org.other.create(body(1, [plainKind, note]));
    // The plan of each change, made against the version before it, then written.
    const toEnum = await planAgainst(org.target, [doc([enumKind, note])], {
      compatibility: { mode: 'NONE', ignore: [] },
    });
    await org.other.update(body(2, [enumKind, note]));
    const dropNote = await planAgainst(org.target, [doc([enumKind])], { compatibility: { mode: 'NONE', ignore: [] } });
    await org.other.update(body(3, [enumKind]));

    const history = await readHistory({ target: org.target, externalId: 'loan_application', mode: 'BACKWARD' });
    expect(history.versions[1]!.changes).toEqual(toEnum.steps[0]!.changes);
    expect(history.versions[2]!.changes).toEqual(dropNote.steps[0]!.changes);

    const text = renderHistory(history, false);
    expect(text).toContain('    ~ field kind.fieldtype: "text" -> "enum"\n');
    // The removed field and its FIELD_REMOVED line name one type.
    expect(text).toContain('    - field note: text\n    ! FIELD_REMOVED note: "text" -> (unset) (breaks BACKWARD)\n');
  });
});
