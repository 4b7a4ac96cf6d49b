/**
 * Whether two schemas say the same thing, whatever the server added or the writer left implicit. Used to
 * resolve a write whose outcome is unknown (read back and compare) and by plan to tell "no change".
 *
 * Ignored: server-owned properties (id, version, dates, selfUri), anything that is not platform content
 * (`compatibility`), key order, and the order of fields (matched by name). Normalised: absent `required` is
 * false, absent constraints are {}, an absent description is empty, an absent schema status is PUBLISHED (the
 * file format's default), and an unset maxLength or maxItems equals the platform default it stands for
 * (docs/api-contract.md "Unset maxLength defaults").
 */
import { DEFAULT_MAX_ITEMS, FIELD_TYPE_FACTS } from '../../model/field-types.js';
import {
  isListItems,
  isObjectItems,
  type FieldConstraints,
  type FieldType,
  type SchemaField,
  type SchemaStatus,
} from '../../model/schema.js';
import { canonicalJson } from '../../model/canonical-json.js';

/** What is compared: SchemaDefinition, SchemaWriteBody and RemoteSchema all fit. */
export interface ComparableSchema {
  externalId: string;
  name: string;
  description?: string;
  status?: SchemaStatus;
  fields: readonly SchemaField[];
}

export function sameSchemaContent(a: ComparableSchema, b: ComparableSchema): boolean {
  return canonicalJson(normalizeSchema(a)) === canonicalJson(normalizeSchema(b));
}

/** The normal form compared by sameSchemaContent; exported so a difference can be shown. */
export function normalizeSchema(schema: ComparableSchema): Record<string, unknown> {
  return {
    externalId: schema.externalId,
    name: schema.name,
    description: schema.description ?? '',
    status: schema.status ?? 'PUBLISHED',
    fields: normalizeFields(schema.fields),
  };
}

function normalizeFields(fields: readonly SchemaField[] | undefined): Array<Record<string, unknown>> {
  return [...(fields ?? [])]
    .map((field) => ({
      name: field.name,
      fieldtype: field.fieldtype,
      description: field.description ?? '',
      required: field.required ?? false,
      constraints: normalizeConstraints(field.fieldtype, field.constraints),
    }))
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

function normalizeConstraints(
  fieldtype: FieldType,
  constraints: FieldConstraints | undefined,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(constraints ?? {})) {
    if (value === undefined || key === 'items') continue;
    result[key] = value;
  }
  const facts = FIELD_TYPE_FACTS[fieldtype] as (typeof FIELD_TYPE_FACTS)[FieldType] | undefined;
  if (facts?.defaultMaxLength !== undefined && result['maxLength'] === undefined)
    result['maxLength'] = facts.defaultMaxLength;
  if (fieldtype === 'list' && result['maxItems'] === undefined) result['maxItems'] = DEFAULT_MAX_ITEMS;
  const items = constraints?.items;
  if (isObjectItems(items)) {
    result['items'] = { fields: normalizeFields(items.fields) };
  } else if (isListItems(items)) {
    result['items'] = {
      fieldtype: items.fieldtype,
      constraints: normalizeConstraints(items.fieldtype, items.constraints),
    };
  } else if (items !== undefined) {
    result['items'] = items;
  }
  return result;
}
