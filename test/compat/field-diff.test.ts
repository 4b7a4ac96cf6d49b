import { describe, expect, it } from 'vitest';
import { diffFields } from '../../src/compat/index.js';
import type { SchemaField } from '../../src/model/schema.js';

describe('diffFields', () => {
  it('lists removed, changed and added fields with per-property changes', () => {
    const before: SchemaField[] = [
      { name: 'title', fieldtype: 'string', description: 'Title', constraints: { maxLength: 100 } },
      { name: 'legacy', fieldtype: 'string' },
      { name: 'done', fieldtype: 'boolean', required: false },
    ];
    const after: SchemaField[] = [
      { name: 'done', fieldtype: 'boolean' },
      { name: 'title', fieldtype: 'string', required: true, constraints: { maxLength: 50, pattern: '^T' } },
      { name: 'owner', fieldtype: 'reference', constraints: { referencedType: 'user' } },
    ];
    expect(diffFields(before, after)).toEqual([
      { path: 'title', kind: 'changed', property: 'required', before: false, after: true },
      { path: 'title', kind: 'changed', property: 'description', before: 'Title' },
      { path: 'title', kind: 'changed', property: 'constraints.maxLength', before: 100, after: 50 },
      { path: 'title', kind: 'changed', property: 'constraints.pattern', after: '^T' },
      { path: 'legacy', kind: 'removed', before: { name: 'legacy', fieldtype: 'string' } },
      {
        path: 'owner',
        kind: 'added',
        after: { name: 'owner', fieldtype: 'reference', constraints: { referencedType: 'user' } },
      },
    ]);
  });

  it('recurses into list elements and object fields', () => {
    const before: SchemaField[] = [
      {
        name: 'tags',
        fieldtype: 'list',
        constraints: { items: { fieldtype: 'string', constraints: { enum: ['a'] } }, maxItems: 5 },
      },
      {
        name: 'address',
        fieldtype: 'object',
        constraints: { items: { fields: [{ name: 'street', fieldtype: 'string' }] } },
      },
    ];
    const after: SchemaField[] = [
      {
        name: 'tags',
        fieldtype: 'list',
        constraints: { items: { fieldtype: 'string', constraints: { enum: ['a', 'b'] } }, maxItems: 10 },
      },
      {
        name: 'address',
        fieldtype: 'object',
        constraints: {
          items: {
            fields: [
              { name: 'street', fieldtype: 'longText' },
              { name: 'zip', fieldtype: 'string' },
            ],
          },
        },
      },
    ];
    expect(diffFields(before, after)).toEqual([
      { path: 'tags', kind: 'changed', property: 'constraints.maxItems', before: 5, after: 10 },
      { path: 'tags[]', kind: 'changed', property: 'constraints.enum', before: ['a'], after: ['a', 'b'] },
      { path: 'address.street', kind: 'changed', property: 'fieldtype', before: 'string', after: 'longText' },
      { path: 'address.zip', kind: 'added', after: { name: 'zip', fieldtype: 'string' } },
    ]);
  });

  it('shows a replaced items value when the type changed, and nothing for equal versions', () => {
    const list: SchemaField[] = [{ name: 'x', fieldtype: 'list', constraints: { items: { fieldtype: 'string' } } }];
    expect(diffFields(list, [{ name: 'x', fieldtype: 'string' }])).toEqual([
      { path: 'x', kind: 'changed', property: 'fieldtype', before: 'list', after: 'string' },
      { path: 'x', kind: 'changed', property: 'constraints.items', before: { fieldtype: 'string' } },
    ]);
    expect(diffFields(list, structuredClone(list))).toEqual([]);
  });

  it('compares disabled values as a set, over the values the new enum holds', () => {
    const field = (values: string[], disabled: string[]): SchemaField => ({
      name: 'vehicle',
      fieldtype: 'string',
      constraints: { enum: values },
      disabledValues: disabled,
    });
    // Reordered enum, the same values disabled: only the enum's order changed.
    expect(
      diffFields(
        [field(['car', 'bike', 'boat'], ['boat', 'bike'])],
        [field(['boat', 'car', 'bike'], ['bike', 'boat'])],
      ),
    ).toEqual([
      {
        path: 'vehicle',
        kind: 'changed',
        property: 'constraints.enum',
        before: ['car', 'bike', 'boat'],
        after: ['boat', 'car', 'bike'],
      },
    ]);
    // A disabled value removed from the enum: the enum change says so; nothing reads as enabled again.
    expect(diffFields([field(['car', 'boat'], ['boat'])], [field(['car'], [])])).toEqual([
      { path: 'vehicle', kind: 'changed', property: 'constraints.enum', before: ['car', 'boat'], after: ['car'] },
    ]);
    // A value still held that changes state is shown, and so is a value that arrives disabled.
    expect(diffFields([field(['car', 'boat'], ['boat'])], [field(['car', 'boat', 'bike'], ['car', 'bike'])])).toEqual([
      {
        path: 'vehicle',
        kind: 'changed',
        property: 'constraints.enum',
        before: ['car', 'boat'],
        after: ['car', 'boat', 'bike'],
      },
      { path: 'vehicle', kind: 'changed', property: 'disabledValues', before: ['boat'], after: ['car', 'bike'] },
    ]);
  });
});
