import { describe, expect, it } from 'vitest';
import { collectReferences } from '../../src/graph/references.js';
import type { SchemaField } from '../../src/model/schema.js';

describe('collectReferences', () => {
  it('finds reference fields, list items and nested object fields with their paths and pointers', () => {
    const fields: SchemaField[] = [
      { name: 'title', fieldtype: 'string' },
      { name: 'owner', fieldtype: 'reference', constraints: { referencedType: 'user' } },
      {
        name: 'tags',
        fieldtype: 'list',
        constraints: { items: { fieldtype: 'reference', constraints: { referencedType: 'tag' } } },
      },
      {
        name: 'address',
        fieldtype: 'object',
        constraints: {
          items: {
            fields: [
              { name: 'street', fieldtype: 'string' },
              { name: 'owner', fieldtype: 'reference', constraints: { referencedType: 'customer' } },
              {
                name: 'geo',
                fieldtype: 'object',
                constraints: {
                  items: {
                    fields: [{ name: 'zone', fieldtype: 'reference', constraints: { referencedType: 'zone' } }],
                  },
                },
              },
            ],
          },
        },
      },
    ];
    expect(collectReferences(fields)).toEqual([
      { target: 'user', fieldPath: 'owner', pointer: '/fields/1/constraints/referencedType' },
      { target: 'tag', fieldPath: 'tags[]', pointer: '/fields/2/constraints/items/constraints/referencedType' },
      {
        target: 'customer',
        fieldPath: 'address.owner',
        pointer: '/fields/3/constraints/items/fields/1/constraints/referencedType',
      },
      {
        target: 'zone',
        fieldPath: 'address.geo.zone',
        pointer: '/fields/3/constraints/items/fields/2/constraints/items/fields/0/constraints/referencedType',
      },
    ]);
  });

  it('walks objects inside list items', () => {
    const fields = [
      {
        name: 'lines',
        fieldtype: 'list',
        constraints: {
          items: {
            fieldtype: 'object',
            constraints: {
              items: {
                fields: [{ name: 'product', fieldtype: 'reference', constraints: { referencedType: 'product' } }],
              },
            },
          },
        },
      },
    ] as unknown as SchemaField[];
    expect(collectReferences(fields, '/x')).toEqual([
      {
        target: 'product',
        fieldPath: 'lines[].product',
        pointer: '/x/0/constraints/items/constraints/items/fields/0/constraints/referencedType',
      },
    ]);
  });

  it('skips malformed input without throwing', () => {
    const malformed = [
      null,
      42,
      'text',
      [],
      { name: 'a', fieldtype: 'reference' },
      { name: 'b', fieldtype: 'reference', constraints: null },
      { name: 'c', fieldtype: 'reference', constraints: { referencedType: 7 } },
      { name: 'd', fieldtype: 'reference', constraints: { referencedType: '' } },
      { name: 'e', fieldtype: 'list', constraints: { items: 'reference' } },
      { name: 'f', fieldtype: 'object', constraints: { items: { fields: 'none' } } },
      { name: 'g', fieldtype: 'object', constraints: { items: [] } },
      { fieldtype: 'reference', constraints: { referencedType: 'anonymous' } },
    ] as unknown as SchemaField[];
    expect(collectReferences(malformed)).toEqual([
      { target: 'anonymous', fieldPath: '#11', pointer: '/fields/11/constraints/referencedType' },
    ]);
    expect(collectReferences(undefined as unknown as SchemaField[])).toEqual([]);
  });
});
