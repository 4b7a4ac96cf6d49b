/**
 * The custom objects wire body: the domain's own schema shape, less what the API has no property for. A field's
 * `disabledValues` reaches here only empty (a plan refuses a non-empty list, docs/families.md "Disabled values"),
 * and an empty list says what the platform does anyway: it is left out, never sent as an unknown property.
 */
import {
  isObjectItems,
  SCHEMA_STATUSES,
  type RemoteSchema,
  type SchemaField,
  type SchemaWriteBody,
} from '../../model/schema.js';

export function toCustomObjectsBody(body: SchemaWriteBody): SchemaWriteBody {
  return { ...body, fields: withoutDisabledValues(body.fields) };
}

/**
 * A resource the API answered, as a schema; undefined for a body of another shape (a proxy's page, a truncated
 * answer, a JSON object that is no schema), which the client then reports rather than taking for one. What the
 * domain reads is checked: the externalId, name, version, status and a list of field objects. The fields' own
 * contents are the org's: plan compares them and the compatibility rules judge them as they are.
 */
export function fromCustomObjectsBody(resource: unknown): RemoteSchema | undefined {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return undefined;
  const body = resource as Record<string, unknown>;
  const fields = body['fields'];
  const readable =
    typeof body['externalId'] === 'string' &&
    typeof body['name'] === 'string' &&
    Number.isSafeInteger(body['version']) &&
    (body['version'] as number) >= 1 &&
    (SCHEMA_STATUSES as readonly unknown[]).includes(body['status']) &&
    Array.isArray(fields) &&
    fields.every((field) => typeof field === 'object' && field !== null && !Array.isArray(field));
  return readable ? (resource as RemoteSchema) : undefined;
}

function withoutDisabledValues(fields: readonly SchemaField[]): SchemaField[] {
  return fields.map((field) => {
    const { disabledValues: _omitted, ...rest } = field;
    const items = rest.constraints?.items;
    if (!isObjectItems(items)) return rest;
    return {
      ...rest,
      constraints: { ...rest.constraints, items: { ...items, fields: withoutDisabledValues(items.fields) } },
    };
  });
}
