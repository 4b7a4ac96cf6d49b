/**
 * Generated schemas for the tests and benchmarks of the commands that read whole orgs (pull, diff): every field
 * type and every constraint it accepts, nested object items and list items (of scalars and of objects),
 * references between the schemas (and to themselves and to a system object), and a few DRAFT and DEPRECATED.
 * Some fields spell out the platform's defaults (`required: false`, `maxLength: 255`, `maxItems: 100`), as an
 * org that was written by other tools does. Deterministic: the same count gives the same schemas.
 */
import type { Target } from '../../src/genesys/target.js';
import type { SchemaField, SchemaStatus, SchemaWriteBody } from '../../src/model/schema.js';

export interface GeneratedSchema {
  body: Omit<SchemaWriteBody, 'version' | 'status'>;
  status: SchemaStatus;
}

export function generatedId(index: number): string {
  return `gen_${String(index).padStart(4, '0')}`;
}

/** Every 40th schema (from the 8th) stays a DRAFT, every 40th (from the 17th) is DEPRECATED, the rest PUBLISHED. */
export function generatedStatus(index: number): SchemaStatus {
  if (index % 40 === 7) return 'DRAFT';
  if (index % 40 === 16) return 'DEPRECATED';
  return 'PUBLISHED';
}

export function generateSchemas(count: number): GeneratedSchema[] {
  const schemas: GeneratedSchema[] = [];
  let lastPublished: string | undefined;
  for (let index = 0; index < count; index++) {
    const id = generatedId(index);
    const status = generatedStatus(index);
    const fields = fieldsFor(index, id, lastPublished);
    const body: GeneratedSchema['body'] = { externalId: id, name: `Generated ${index}`, fields };
    if (index % 3 === 0) body.description = `Schema number ${index}, with a "quoted" word: and a colon`;
    schemas.push({ body, status });
    if (status === 'PUBLISHED') lastPublished = id;
  }
  return schemas;
}

function fieldsFor(index: number, id: string, lastPublished: string | undefined): SchemaField[] {
  const fields: SchemaField[] = [
    {
      name: 'code',
      fieldtype: 'string',
      required: true,
      constraints: { minLength: 2, maxLength: 20 + (index % 50), pattern: '^[A-Z]{2}-[0-9]+$' },
    },
    {
      name: 'kind',
      fieldtype: 'string',
      description: 'one of a few',
      constraints: { enum: ['alpha', 'beta', `v${index}`, 'yes', '10'] },
    },
    // The platform's defaults spelt out: pull leaves them out, and plan sees no change.
    { name: 'plain', fieldtype: 'string', required: false, constraints: { maxLength: 255 } },
    { name: 'email', fieldtype: 'email', constraints: { minLength: 3, maxLength: 200 } },
    { name: 'phone', fieldtype: 'phone', constraints: { minLength: 5, maxLength: 20, pattern: '^\\+[0-9 ]+$' } },
    { name: 'site', fieldtype: 'url', constraints: { maxLength: 500 } },
    { name: 'notes', fieldtype: 'longText', constraints: { minLength: 1, maxLength: 8000 } },
    { name: 'amount', fieldtype: 'number', required: index % 2 === 0, constraints: { min: -5.5, max: 1000 + index } },
    { name: 'rank', fieldtype: 'number', constraints: { enum: [1, 2, 3.5] } },
    { name: 'active', fieldtype: 'boolean' },
    { name: 'due', fieldtype: 'dateTime', constraints: { min: '2020-01-01', max: '2030-12-31T23:59:59Z' } },
    { name: 'owner', fieldtype: 'reference', constraints: { referencedType: 'contact' } },
    { name: 'attachment', fieldtype: 'file', constraints: { maxLength: 200 } },
    {
      name: 'tags',
      fieldtype: 'list',
      constraints: {
        minItems: 1,
        maxItems: 10,
        items: { fieldtype: 'string', constraints: { maxLength: 30, enum: ['red', 'green'] } },
      },
    },
    {
      name: 'scores',
      fieldtype: 'list',
      constraints: { maxItems: 100, items: { fieldtype: 'number', constraints: { min: 0, max: 10 } } },
    },
    {
      name: 'lines',
      fieldtype: 'list',
      constraints: {
        maxItems: 50,
        items: {
          fieldtype: 'object',
          constraints: {
            items: {
              fields: [
                { name: 'sku', fieldtype: 'string', required: true, constraints: { maxLength: 12 } },
                { name: 'qty', fieldtype: 'number', constraints: { min: 1 } },
              ],
            },
          },
        },
      },
    },
    {
      name: 'address',
      fieldtype: 'object',
      description: 'where it is',
      constraints: {
        items: {
          fields: [
            { name: 'street', fieldtype: 'string', required: true },
            {
              name: 'geo',
              fieldtype: 'object',
              constraints: {
                items: { fields: [{ name: 'lat', fieldtype: 'number', constraints: { min: -90, max: 90 } }] },
              },
            },
          ],
        },
      },
    },
  ];
  if (lastPublished !== undefined)
    fields.push({ name: 'parent', fieldtype: 'reference', constraints: { referencedType: lastPublished } });
  if (index % 5 === 0) fields.push({ name: 'self', fieldtype: 'reference', constraints: { referencedType: id } });
  return fields;
}

/** The writes that put a generated schema in an org: POST version 1 as DRAFT, then PUTs up to its status. */
export function writesFor(schema: GeneratedSchema): SchemaWriteBody[] {
  const writes: SchemaWriteBody[] = [{ ...schema.body, version: 1, status: 'DRAFT' }];
  if (schema.status === 'DRAFT') return writes;
  writes.push({ ...schema.body, version: 2, status: 'PUBLISHED' });
  if (schema.status === 'DEPRECATED') writes.push({ ...schema.body, version: 3, status: 'DEPRECATED' });
  return writes;
}

/** Writes the first `count` generated schemas into an org through `target`, each with every version it has. */
export async function writeGeneratedSchemas(target: Pick<Target, 'create' | 'update'>, count: number): Promise<void> {
  for (const schema of generateSchemas(count))
    for (const write of writesFor(schema)) await (write.version === 1 ? target.create(write) : target.update(write));
}
