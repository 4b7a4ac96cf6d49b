/** The one set of schema builders for tests: fields, file definitions, write bodies, remote versions, snapshots. */
import type {
  RemoteSchema,
  SchemaDefinition,
  SchemaField,
  SchemaStatus,
  SchemaWriteBody,
} from '../../src/model/schema.js';
import { DEFAULT_LIMITS, DEFAULT_SYSTEM_OBJECTS } from '../../src/model/field-types.js';
import type { Snapshot } from '../../src/plan/snapshot.js';

export const text = (name: string, extra: Partial<SchemaField> = {}): SchemaField => ({
  name,
  fieldtype: 'string',
  ...extra,
});
export const ref = (name: string, target: string, extra: Partial<SchemaField> = {}): SchemaField => ({
  name,
  fieldtype: 'reference',
  constraints: { referencedType: target },
  ...extra,
});

export function definition(
  externalId: string,
  fields: SchemaField[],
  extra: Partial<SchemaDefinition> = {},
): SchemaDefinition {
  return { externalId, name: `The ${externalId}`, fields, ...extra };
}

/** The body that creates a schema: version 1, DRAFT. */
export function draft(
  externalId: string,
  fields: SchemaField[] = [text('label')],
  extra: Partial<SchemaDefinition> = {},
): SchemaWriteBody {
  return { ...definition(externalId, fields, extra), version: 1, status: 'DRAFT' };
}

export function remote(
  externalId: string,
  fields: SchemaField[],
  version = 2,
  status: SchemaStatus = 'PUBLISHED',
  extra: Partial<RemoteSchema> = {},
): RemoteSchema {
  return {
    id: `id-${externalId}`,
    externalId,
    name: `The ${externalId}`,
    version,
    status,
    fields,
    dateCreated: '2024-01-01T00:00:00.000Z',
    dateModified: '2024-01-02T00:00:00.000Z',
    selfUri: `/api/v2/customobjects/schemas/${externalId}`,
    ...extra,
  };
}

export function snapshot(schemas: RemoteSchema[], histories: Snapshot['histories'] = {}): Snapshot {
  return {
    target: { kind: 'customobjects', orgDomain: 'example.test' },
    schemas,
    limits: { ...DEFAULT_LIMITS },
    systemObjects: [...DEFAULT_SYSTEM_OBJECTS],
    histories,
  };
}

export function documents(...definitions: SchemaDefinition[]): Array<{ file: string; definition: SchemaDefinition }> {
  return definitions.map((d) => ({ file: `schemas/${d.externalId}.schema.yaml`, definition: d }));
}

export const CREATED_AT = '2024-05-01T12:00:00.000Z';
