import { describe, expect, it } from 'vitest';
import { CONTACTS_FAMILY, WORKITEMS_FAMILY } from '../../src/family/index.js';
import { fromDataSchemaBody, toDataSchemaBody } from '../../src/family/data-schema/wire.js';
import { planSchema } from '../../src/plan/plan-schema.js';
import type { RemoteSchema, SchemaField } from '../../src/model/schema.js';

/** A schema as a DataSchema org holds it: through the wire and back, as the client reads it. */
function remoteOf(fields: SchemaField[], version = 3): RemoteSchema {
  const wire = toDataSchemaBody({ externalId: 'vip', name: 'VIP', version, status: 'PUBLISHED', fields }, 'CONTACT');
  return fromDataSchemaBody({ ...wire, id: 'id-vip', version })!;
}

const held: SchemaField[] = [
  { name: 'account', fieldtype: 'identifier' },
  { name: 'note', fieldtype: 'string', constraints: { maxLength: 50 } },
];

describe('planning on a DataSchema family', () => {
  it('sees no change between a file in our types and the org holding the coretypes', () => {
    const plan = planSchema({
      content: { externalId: 'vip', name: 'VIP', fields: held },
      status: 'PUBLISHED',
      managed: true,
      remote: remoteOf(held),
      mode: 'NONE',
      ignores: [],
      family: CONTACTS_FAMILY,
    });
    expect(plan.step.kind).toBe('noop');
    expect(plan.step.writes).toEqual([]);
  });

  it('updates with one PUT that makes current + 1, the diff in coretypes', () => {
    const next: SchemaField[] = [held[0]!, { name: 'note', fieldtype: 'string', constraints: { maxLength: 80 } }];
    const plan = planSchema({
      content: { externalId: 'vip', name: 'VIP', fields: next },
      status: 'PUBLISHED',
      managed: true,
      remote: remoteOf(held),
      mode: 'NONE',
      ignores: [],
      family: CONTACTS_FAMILY,
    });
    expect(plan.step).toMatchObject({
      kind: 'update',
      from: { version: 3 },
      to: { version: 4, status: 'PUBLISHED' },
      writes: [{ method: 'PUT', version: 4, status: 'PUBLISHED' }],
    });
    expect(plan.step.changes).toEqual([
      { path: 'note', kind: 'changed', property: 'constraints.maxLength', before: 50, after: 80 },
    ]);
    expect(plan.step.blocked).toBeUndefined();
  });

  it('blocks a field removal on contacts in every mode, NONE included, and lets workitems remove it', () => {
    const fewer = [held[0]!];
    for (const mode of ['NONE', 'FORWARD'] as const) {
      const plan = planSchema({
        content: { externalId: 'vip', name: 'VIP', fields: fewer },
        status: 'PUBLISHED',
        managed: true,
        remote: remoteOf(held),
        mode,
        ignores: [{ rule: 'FIELD_REMOVED', reason: 'unused' }],
        family: CONTACTS_FAMILY,
      });
      expect(plan.violations.map((v) => [v.rule, v.field])).toEqual([['FIELD_REMOVED', 'note']]);
      expect(plan.step.blocked).toMatch(/FIELD_REMOVED/);
    }
    const workitems = planSchema({
      content: { externalId: 'vip', name: 'VIP', fields: fewer },
      status: 'PUBLISHED',
      managed: true,
      remote: remoteOf(held),
      mode: 'NONE',
      ignores: [],
      family: WORKITEMS_FAMILY,
    });
    expect(workitems.step.blocked).toBeUndefined();
    expect(workitems.step.kind).toBe('update');
  });

  it('blocks a DRAFT, which these families cannot express', () => {
    const plan = planSchema({
      content: { externalId: 'vip', name: 'VIP', fields: held },
      status: 'DRAFT',
      managed: true,
      remote: undefined,
      mode: 'NONE',
      ignores: [],
      family: WORKITEMS_FAMILY,
    });
    expect(plan.step.blocked).toMatch(/no DRAFT/);
  });

  it("takes an unset bound as the coretype's widest: writing it out is no change, narrowing it shows its numbers", () => {
    const unset: SchemaField[] = [
      { name: 'site', fieldtype: 'url' },
      { name: 'note', fieldtype: 'string' },
      { name: 'labels', fieldtype: 'list', constraints: { items: { fieldtype: 'string' } } },
    ];
    const widest: SchemaField[] = [
      { name: 'site', fieldtype: 'url', constraints: { maxLength: 200 } },
      { name: 'note', fieldtype: 'string', constraints: { maxLength: 100 } },
      {
        name: 'labels',
        fieldtype: 'list',
        constraints: { maxItems: 10, items: { fieldtype: 'string', constraints: { maxLength: 100 } } },
      },
    ];
    const planOf = (remote: SchemaField[], file: SchemaField[], mode: 'FULL' | 'BACKWARD' = 'FULL') =>
      planSchema({
        content: { externalId: 'vip', name: 'VIP', fields: file },
        status: 'PUBLISHED',
        managed: true,
        remote: remoteOf(remote),
        mode,
        ignores: [],
        family: CONTACTS_FAMILY,
      });
    expect(planOf(unset, widest).step.kind).toBe('noop');
    expect(planOf(widest, unset).step.kind).toBe('noop');
    const narrowed = planOf(
      unset,
      [{ name: 'site', fieldtype: 'url', constraints: { maxLength: 150 } }, ...unset.slice(1)],
      'BACKWARD',
    );
    expect(narrowed.violations.map((v) => [v.rule, v.field, v.before, v.after])).toEqual([
      ['MAX_LENGTH_DECREASED', 'site', 200, 150],
    ]);
  });

  it('writes no version over what it cannot read, and plans nothing to write as before', () => {
    const tags: SchemaField[] = [{ name: 'labels', fieldtype: 'tag', constraints: { maxItems: 5 } }];
    const wire = toDataSchemaBody(
      { externalId: 'vip', name: 'VIP', version: 3, status: 'PUBLISHED', fields: tags },
      'WORKITEM',
    );
    const properties = (wire as { jsonSchema: { properties: Record<string, Record<string, unknown>> } }).jsonSchema
      .properties;
    properties['contact_phone'] = { allOf: [{ $ref: '#/definitions/phone' }] };
    properties['labels_tag']!['uniqueItems'] = false;
    const remote = fromDataSchemaBody({ ...wire, id: 'id-vip', version: 3 })!;
    expect(remote.fields.map((field) => field.name)).toEqual(['labels']);
    expect(remote.unread).toEqual([
      'labels_tag (a tag whose items may repeat)',
      'contact_phone ($ref #/definitions/phone)',
    ]);
    const plan = (fields: SchemaField[]) =>
      planSchema({
        content: { externalId: 'vip', name: 'VIP', fields },
        status: 'PUBLISHED',
        managed: true,
        remote,
        mode: 'NONE',
        ignores: [],
        family: WORKITEMS_FAMILY,
      });
    const added = plan([...tags, { name: 'b', fieldtype: 'string' }]);
    expect(added.step.kind).toBe('update');
    expect(added.step.blocked).toBe(
      "the org's v3 holds what cxschema cannot read, which a new version written from the file would remove: labels_tag (a tag whose items may repeat), contact_phone ($ref #/definitions/phone)",
    );
    expect(plan(tags).step).toMatchObject({ kind: 'noop', writes: [] });
    expect(plan(tags).step.blocked).toBeUndefined();
  });

  it('writes to no schema whose externalId other schemas of the org share', () => {
    const shared = { ...remoteOf(held), sharedWith: ['V.I.P.'] };
    const planOf = (fields: SchemaField[]) =>
      planSchema({
        content: { externalId: 'vip', name: 'VIP', fields },
        status: 'PUBLISHED',
        managed: true,
        remote: shared,
        mode: 'NONE',
        ignores: [],
        family: CONTACTS_FAMILY,
      }).step;
    expect(planOf([...held, { name: 'extra', fieldtype: 'string' }]).blocked).toBe(
      'the org holds schemas named "VIP", "V.I.P.", which are all vip to cxschema: which one is meant cannot be told',
    );
    expect(planOf(held)).toMatchObject({ kind: 'noop', writes: [] });
  });
});
