import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/model/canonical-json.js';
import { sameSchemaContent } from '../../src/family/custom-objects/content-equality.js';
import type { RemoteSchema, SchemaWriteBody } from '../../src/model/schema.js';

const body: SchemaWriteBody = {
  externalId: 'customer',
  name: 'Customer',
  version: 2,
  status: 'PUBLISHED',
  fields: [
    { name: 'email', fieldtype: 'email', required: true },
    { name: 'tier', fieldtype: 'string', constraints: { enum: ['gold', 'silver'] } },
    { name: 'tags', fieldtype: 'list', constraints: { items: { fieldtype: 'string' } } },
    {
      name: 'address',
      fieldtype: 'object',
      constraints: { items: { fields: [{ name: 'street', fieldtype: 'string' }] } },
    },
  ],
};

const stored: RemoteSchema = {
  selfUri: '/api/v2/customobjects/schemas/customer',
  dateModified: '2026-01-02T00:00:00Z',
  dateCreated: '2026-01-01T00:00:00Z',
  id: '7d1c1f0e-0000-0000-0000-000000000000',
  version: 7,
  status: 'PUBLISHED',
  description: '',
  name: 'Customer',
  externalId: 'customer',
  fields: [
    {
      fieldtype: 'object',
      name: 'address',
      constraints: {
        items: { fields: [{ name: 'street', fieldtype: 'string', required: false, constraints: { maxLength: 255 } }] },
      },
      required: false,
    },
    { constraints: { maxLength: 254 }, required: true, fieldtype: 'email', name: 'email' },
    {
      name: 'tags',
      fieldtype: 'list',
      constraints: { maxItems: 100, items: { fieldtype: 'string', constraints: {} } },
    },
    { name: 'tier', fieldtype: 'string', constraints: { enum: ['gold', 'silver'], maxLength: 255 }, description: '' },
  ],
};

describe('sameSchemaContent', () => {
  it('ignores server-owned properties, key and field order, and what defaults stand for', () => {
    expect(sameSchemaContent(stored, body)).toBe(true);
    expect(sameSchemaContent(body, stored)).toBe(true);
  });

  it('treats an absent status as PUBLISHED, as the file format does', () => {
    const { status: _status, ...withoutStatus } = body;
    expect(sameSchemaContent({ ...withoutStatus }, stored)).toBe(true);
    expect(sameSchemaContent({ ...withoutStatus }, { ...stored, status: 'DRAFT' })).toBe(false);
  });

  it('sees every real difference', () => {
    const variants: Array<Partial<RemoteSchema>> = [
      { name: 'Client' },
      { description: 'now described' },
      { status: 'DEPRECATED' },
      { externalId: 'client' },
      { fields: stored.fields.slice(1) },
      { fields: stored.fields.map((f) => (f.name === 'email' ? { ...f, required: false } : f)) },
      { fields: stored.fields.map((f) => (f.name === 'email' ? { ...f, constraints: { maxLength: 100 } } : f)) },
      {
        fields: stored.fields.map((f) => (f.name === 'tier' ? { ...f, constraints: { enum: ['silver', 'gold'] } } : f)),
      },
      {
        fields: stored.fields.map((f) =>
          f.name === 'tags' ? { ...f, constraints: { items: { fieldtype: 'number' as const } } } : f,
        ),
      },
      {
        fields: stored.fields.map((f) =>
          f.name === 'address'
            ? {
                ...f,
                constraints: { items: { fields: [{ name: 'street', fieldtype: 'string' as const, required: true }] } },
              }
            : f,
        ),
      },
    ];
    for (const variant of variants) expect(sameSchemaContent({ ...stored, ...variant }, body)).toBe(false);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }, 3], e: undefined })).toBe('{"a":[{"c":2,"d":1},3],"b":1}');
  });
});
