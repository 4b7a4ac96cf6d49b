/**
 * A schema's title stands for its name when absent (docs/families.md "Titles"): a rename of a schema without
 * titles (custom objects have none) is one change, the name's, while a title set on a DataSchema still shows.
 */
import { describe, expect, it } from 'vitest';
import { CONTACTS_FAMILY, CUSTOM_OBJECTS_FAMILY } from '../../src/family/index.js';
import { fromDataSchemaBody, toDataSchemaBody } from '../../src/family/data-schema/wire.js';
import type { RemoteSchema } from '../../src/model/schema.js';
import { planSchema } from '../../src/plan/plan-schema.js';
import { remote, text } from '../support/schema-builders.js';

const fields = [text('label')];

describe('title changes in the plan', () => {
  it('shows a custom objects rename as the name change alone', () => {
    const plan = planSchema({
      content: { externalId: 'customer', name: 'Client', fields },
      status: 'PUBLISHED',
      managed: true,
      remote: remote('customer', fields),
      mode: 'BACKWARD',
      ignores: [],
      family: CUSTOM_OBJECTS_FAMILY,
    });
    expect(plan.step.kind).toBe('update');
    expect(plan.step.changes).toEqual([
      { path: '', kind: 'changed', property: 'name', before: 'The customer', after: 'Client' },
    ]);
  });

  it('shows a title set on a DataSchema, from its default and from another title', () => {
    const held = (title?: string): RemoteSchema => {
      const body = { externalId: 'vip', name: 'VIP', version: 3, status: 'PUBLISHED' as const, fields };
      const wire = toDataSchemaBody(title === undefined ? body : { ...body, title }, 'CONTACT');
      return fromDataSchemaBody({ ...wire, id: 'id-vip', version: 3 })!;
    };
    const plan = (title: string | undefined, content: string) =>
      planSchema({
        content: { externalId: 'vip', name: 'VIP', title: content, fields },
        status: 'PUBLISHED',
        managed: true,
        remote: held(title),
        mode: 'BACKWARD',
        ignores: [],
        family: CONTACTS_FAMILY,
      }).step.changes;
    expect(plan(undefined, 'Very important')).toEqual([
      { path: '', kind: 'changed', property: 'title', before: 'VIP', after: 'Very important' },
    ]);
    expect(plan('Important', 'Very important')).toEqual([
      { path: '', kind: 'changed', property: 'title', before: 'Important', after: 'Very important' },
    ]);
  });
});
