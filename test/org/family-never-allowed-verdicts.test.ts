/**
 * What a family never allows is what its platform refuses: for every compatibility rule a family can produce, plan
 * blocks the change under NONE (and whatever the config ignores) exactly when the emulator refuses the write, and
 * names the code it answers. `history` and `diff` judge a change as plan does on the schema's family: a change the
 * family's platform never allows (a field removed from a contacts schema) breaks in every mode, NONE included, and
 * says so; on custom objects the same change is judged by the mode alone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { renderHistory } from '../../src/cli/history-action.js';
import { CONTACTS_FAMILY, CUSTOM_OBJECTS_FAMILY, FAMILIES, WORKITEMS_FAMILY } from '../../src/family/index.js';
import { ApiError } from '../../src/genesys/index.js';
import type { CxConfig } from '../../src/model/config.js';
import type { RemoteSchema, SchemaField } from '../../src/model/schema.js';
import { compatChangesBetween, historyOf } from '../../src/org/history.js';
import { diffOrgs } from '../../src/org/org-diff.js';
import type { DesiredDocument } from '../../src/plan/plan-changes.js';
import { breakingChanges, NOT_ON_DATA_SCHEMA } from '../support/breaking-changes.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';
import { planAgainst } from '../support/plan-against.js';

describe.each(FAMILIES.map((family) => [family.name, family] as const))(
  'on %s, plan blocks in every mode exactly what the emulator refuses',
  (_name, family) => {
    let org: FamilyOrg;
    beforeAll(async () => {
      org = await startFamilyOrg(family);
    });
    afterAll(async () => {
      await org.stop();
    });

    it.each(breakingChanges(family).map((change) => [change.rule, change] as const))('%s', async (rule, change) => {
      // One schema a rule; its name is its own identifier form, as the DataSchema families key schemas by name.
      const name = rule.toLowerCase();
      const doc = (fields: SchemaField[]): DesiredDocument => ({
        file: `${name}.schema.yaml`,
        definition: { externalId: name, name, fields },
      });
      const created = await applyPlan(await planAgainst(org.target, [doc(change.before)]), { target: org.target });
      expect(created.summary.failed).toBe(0);

      // The pair makes this rule's change, which FULL reports whatever the rule breaks.
      const full = await planAgainst(org.target, [doc(change.after)], { compatibility: { mode: 'FULL', ignore: [] } });
      expect(full.violations.map((v) => v.rule)).toEqual([rule]);

      const verdict = async (compatibility: CxConfig['compatibility']) =>
        (await planAgainst(org.target, [doc(change.after)], { compatibility })).violations;
      const underNone = await verdict({ mode: 'NONE', ignore: [] });
      const ignored = await verdict({ mode: 'FULL', ignore: [{ rule, reason: 'accepted' }] });

      // Sent anyway, by someone else: what the org answers.
      const current = (await org.other.get(name))!;
      const answer = await org.other
        .update({ externalId: name, name, version: current.version + 1, status: current.status, fields: change.after })
        .then(
          () => undefined,
          (error: unknown) => {
            if (error instanceof ApiError && error.status === 400) return error.errorCode;
            throw error;
          },
        );

      expect({ rule, blockedUnderNone: underNone.length > 0, blockedWhenIgnored: ignored.length > 0 }).toEqual({
        rule,
        blockedUnderNone: answer !== undefined,
        blockedWhenIgnored: answer !== undefined,
      });
      // The hint says the platform refuses the change exactly where it does, with what it answers.
      if (answer !== undefined) expect(underNone[0]!.hint).toContain(`any mode (400 ${answer}):`);
      else expect(`${full.violations[0]!.message} ${full.violations[0]!.hint}`).not.toMatch(/any mode|platform/);
    });
  },
);

describe('the pairs of the DataSchema families', () => {
  it('leave out only rules whose catalog pair needs a field no coretype holds', () => {
    expect(NOT_ON_DATA_SCHEMA).toEqual([
      'PATTERN_CHANGED',
      'REFERENCE_TARGET_CHANGED',
      'ITEMS_CHANGED',
      'PATTERN_ADDED',
      'PATTERN_REMOVED',
    ]);
    for (const { rule, before, after } of breakingChanges(CUSTOM_OBJECTS_FAMILY)) {
      if (!NOT_ON_DATA_SCHEMA.includes(rule)) continue;
      const unheld = [...before, ...after].flatMap((field) => WORKITEMS_FAMILY.cannotHold(field));
      expect([rule, unheld.length > 0]).toEqual([rule, true]);
    }
  });
});

const NONE: CxConfig['compatibility'] = { mode: 'NONE', ignore: [] };
const summary: SchemaField = { name: 'summary', fieldtype: 'string', constraints: { maxLength: 50 } };
const note: SchemaField = { name: 'note', fieldtype: 'longText' };

const version = (n: number, fields: SchemaField[]): RemoteSchema => ({
  id: 'id-1',
  externalId: 'loan_application',
  name: 'Loan application',
  version: n,
  status: 'PUBLISHED',
  fields,
  dateCreated: '2026-01-01T00:00:00.000Z',
  dateModified: `2026-01-0${n}T00:00:00.000Z`,
  selfUri: '/api/v2/externalcontacts/contacts/schemas/id-1',
});

describe('compatChangesBetween', () => {
  it('marks a never-allowed change as breaking under NONE on contacts, and not on custom objects', () => {
    const before = version(1, [summary, note]);
    const after = version(2, [summary]);
    expect(compatChangesBetween(before, after, 'NONE', CONTACTS_FAMILY)).toEqual([
      expect.objectContaining({ rule: 'FIELD_REMOVED', field: 'note', breaks: true, neverAllowed: true }),
    ]);
    const onCustomObjects = compatChangesBetween(before, after, 'NONE', CUSTOM_OBJECTS_FAMILY);
    expect(onCustomObjects).toEqual([expect.objectContaining({ rule: 'FIELD_REMOVED', breaks: false })]);
    expect(onCustomObjects[0]).not.toHaveProperty('neverAllowed');
  });

  it("compares the family's canonical fields: our type and its coretype are the same field on contacts", () => {
    const asString = version(1, [summary]);
    const asText = version(2, [{ ...summary, fieldtype: 'text' }]);
    expect(compatChangesBetween(asString, asText, 'BACKWARD', CONTACTS_FAMILY)).toEqual([]);
  });
});

describe('history on a family', () => {
  it('says a never-allowed change breaks whatever the mode', () => {
    const history = historyOf(
      'loan_application',
      [version(1, [summary, note]), version(2, [summary])],
      'NONE',
      CONTACTS_FAMILY,
    );
    const text = renderHistory(history, false);
    expect(text).toMatch(/! FIELD_REMOVED note: .* \(never allowed on this family, in any mode\)/);
    expect(text).not.toContain('compatible under NONE');
  });
});

describe('diff between two contacts orgs', () => {
  let source: FamilyOrg | undefined;
  let target: FamilyOrg | undefined;
  afterEach(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
  });

  it('gives a field only the target has the verdict its plan gives: never allowed, even under NONE', async () => {
    source = await startFamilyOrg(CONTACTS_FAMILY);
    target = await startFamilyOrg(CONTACTS_FAMILY);
    const body = { externalId: 'loan_application', name: 'Loan application', version: 1, status: 'PUBLISHED' as const };
    await source.target.create({ ...body, fields: [summary] });
    await target.target.create({ ...body, fields: [summary, note] });
    const diff = await diffOrgs({
      source: { name: 'test', target: source.target, orgDomain: 'test.example' },
      target: { name: 'prod', target: target.target, orgDomain: 'prod.example' },
      compatibility: { mode: 'NONE', ignore: [] },
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(diff.verdicts['loan_application']).toEqual([
      expect.objectContaining({ rule: 'FIELD_REMOVED', field: 'note', breaks: true, neverAllowed: true }),
    ]);
    expect(diff.plan.steps[0]!.blocked).toContain('FIELD_REMOVED');
  });
});

describe('a transitive mode on custom objects', () => {
  let org: FamilyOrg | undefined;
  afterEach(async () => {
    await org?.stop();
  });

  it('judges a break against an older version by the mode, as the platform compares with the current one', async () => {
    org = await startFamilyOrg(CUSTOM_OBJECTS_FAMILY);
    const doc = (fields: SchemaField[]): DesiredDocument => ({
      file: 'ticket.schema.yaml',
      definition: { externalId: 'ticket', name: 'Ticket', fields },
    });
    const title: SchemaField = { name: 'title', fieldtype: 'string' };
    const code: SchemaField = { name: 'code', fieldtype: 'string' };
    // The two versions the REQUIRED_FIELD_REMOVED hint advises: made optional in one, removed in the next.
    for (const fields of [
      [title, { ...code, required: true }],
      [title, code],
    ]) {
      const applied = await applyPlan(await planAgainst(org.target, [doc(fields)], { compatibility: NONE }), {
        target: org.target,
      });
      expect(applied.summary.failed).toBe(0);
    }
    const compatibility: CxConfig['compatibility'] = {
      mode: 'BACKWARD_TRANSITIVE',
      ignore: [
        { rule: 'FIELD_REMOVED', reason: 'code is no longer used' },
        { rule: 'REQUIRED_FIELD_REMOVED', reason: 'optional since v2' },
      ],
    };
    const plan = await planAgainst(org.target, [doc([title])], { compatibility });
    expect(plan.violations).toEqual([]);
    // v1 is the draft a create makes and v2 publishes it, both with code required; v3 made it optional.
    expect(plan.ignoredViolations.map((v) => [v.rule, v.againstVersion])).toEqual([
      ['FIELD_REMOVED', 3],
      ['REQUIRED_FIELD_REMOVED', 2],
    ]);
    const applied = await applyPlan(plan, { target: org.target });
    expect(applied.summary.failed).toBe(0);
    expect((await org.other.get('ticket'))!.fields).toEqual([title]);
  });
});
