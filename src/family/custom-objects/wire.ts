/**
 * The custom objects wire body: the domain's own schema shape, less what the API has no property for. A field's
 * `disabledValues` reaches here only empty (a plan refuses a non-empty list, docs/families.md "Disabled values"),
 * and an empty list says what the platform does anyway: it is left out, never sent as an unknown property.
 */
import { isObjectItems, type SchemaField, type SchemaWriteBody } from '../../model/schema.js';

export function toCustomObjectsBody(body: SchemaWriteBody): SchemaWriteBody {
  return { ...body, fields: withoutDisabledValues(body.fields) };
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
