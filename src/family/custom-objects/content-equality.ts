/**
 * Whether two schemas say the same thing, whatever the server added or the writer left implicit. Used to
 * resolve a write whose outcome is unknown (read back and compare) and by plan to tell "no change".
 *
 * Ignored: server-owned properties (id, version, dates, selfUri), anything that is not platform content
 * (`compatibility`), key order, and the order of fields (matched by name). Normalised: absent `required` is
 * false, absent constraints are {}, an absent description is empty, an absent schema status is PUBLISHED (the
 * file format's default), and an unset maxLength or maxItems equals the platform default it stands for
 * (docs/api-contract.md "Unset maxLength defaults").
 *
 * The answer is that of comparing the two normal forms (normalizeSchema) as canonical JSON, but it is reached by
 * walking both schemas side by side with those rules applied on the way: nothing is copied, no text is built,
 * and the first difference ends the walk. A no-op plan compares every schema of the project with the org's
 * version, and building and serialising both normal forms was most of what planning cost (docs/architecture.md
 * "Plan: the files read while the org answers"). test/family/content-equality.property.test.ts holds the walk
 * to the normal forms' answer.
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
import { isOwnEnumerable, sameAsWritten, sameMember } from '../../model/json-data.js';

/** What is compared: SchemaDefinition, SchemaWriteBody and RemoteSchema all fit. */
export interface ComparableSchema {
  externalId: string;
  name: string;
  description?: string;
  status?: SchemaStatus;
  fields: readonly SchemaField[];
}

export function sameSchemaContent(a: ComparableSchema, b: ComparableSchema): boolean {
  return (
    sameMember(a.externalId, b.externalId) &&
    sameMember(a.name, b.name) &&
    sameMember(a.description ?? '', b.description ?? '') &&
    sameMember(a.status ?? 'PUBLISHED', b.status ?? 'PUBLISHED') &&
    sameFields(a.fields, b.fields)
  );
}

/**
 * Fields matched by name, as normalizeFields sorts them (a stable sort: fields of one name keep their order).
 * When both lists name their fields in the same order (a schema read back lists them as they were written), the
 * sort would put both through the same permutation: the fields are compared where they stand.
 */
function sameFields(a: readonly SchemaField[] | undefined, b: readonly SchemaField[] | undefined): boolean {
  let left = a ?? [];
  let right = b ?? [];
  if (left.length !== right.length) return false;
  if (!sameNameOrder(left, right)) {
    left = [...left].sort(byName);
    right = [...right].sort(byName);
  }
  for (let i = 0; i < left.length; i++) {
    // A field read back as it was written is equal without normalising it (sameAsWritten implies sameField).
    if (!sameAsWritten(left[i], right[i]) && !sameField(left[i]!, right[i]!)) return false;
  }
  return true;
}

function sameNameOrder(a: readonly SchemaField[], b: readonly SchemaField[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i]!.name !== b[i]!.name) return false;
  return true;
}

function byName(x: { name: string }, y: { name: string }): number {
  return x.name < y.name ? -1 : x.name > y.name ? 1 : 0;
}

function sameField(a: SchemaField, b: SchemaField): boolean {
  return (
    sameMember(a.name, b.name) &&
    sameMember(a.fieldtype, b.fieldtype) &&
    sameMember(a.description ?? '', b.description ?? '') &&
    sameMember(a.required ?? false, b.required ?? false) &&
    sameConstraints(a.fieldtype, a.constraints, b.constraints)
  );
}

/**
 * What normalizeConstraints makes of each side, member by member: unset maxLength and maxItems as the defaults
 * they stand for, `items` in its own form. Called once the field types are equal, so that an unset constraint
 * stands for the same default on both sides: only the constraints one side or the other names need a look.
 */
function sameConstraints(
  fieldtype: FieldType,
  a: FieldConstraints | undefined,
  b: FieldConstraints | undefined,
): boolean {
  // An own `__proto__` key turns normalizeConstraints' assignment into a prototype change: its answer decides.
  if (hasOwnProtoKey(a) || hasOwnProtoKey(b)) return sameNormalForm(fieldtype, a, b);
  return sameNamedConstraints(fieldtype, a ?? {}, b ?? {}) && sameItems(fieldtype, a, b);
}

/** Every constraint but `items`. */
function sameNamedConstraints(fieldtype: FieldType, a: FieldConstraints, b: FieldConstraints): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let named = 0;
  for (const key of Object.keys(left)) {
    if (key === 'items') continue;
    if (isOwnEnumerable(right, key)) named++;
    if (!sameMember(normalValue(left, key, fieldtype), normalValue(right, key, fieldtype))) return false;
  }
  const rightKeys = Object.keys(right);
  // Keys only the right side names (beyond those both name), each against what the left leaves it to stand for.
  if (rightKeys.length - (isOwnEnumerable(right, 'items') ? 1 : 0) === named) return true;
  for (const key of rightKeys) {
    if (key === 'items' || isOwnEnumerable(left, key)) continue;
    if (!sameMember(normalValue(left, key, fieldtype), normalValue(right, key, fieldtype))) return false;
  }
  return true;
}

/** `items`, as normalizeConstraints makes them: object items' fields, list items' type and constraints. */
function sameItems(fieldtype: FieldType, a: FieldConstraints | undefined, b: FieldConstraints | undefined): boolean {
  const itemsA = a?.items;
  const itemsB = b?.items;
  if (itemsA === undefined && itemsB === undefined) return true;
  // Items of two kinds never share a normal form unless something in them is not JSON data: the normal forms decide.
  if (itemsKind(itemsA) !== itemsKind(itemsB)) return sameNormalForm(fieldtype, a, b);
  if (isObjectItems(itemsA) && isObjectItems(itemsB)) return sameFields(itemsA.fields, itemsB.fields);
  if (isListItems(itemsA) && isListItems(itemsB)) {
    return (
      sameMember(itemsA.fieldtype, itemsB.fieldtype) &&
      sameConstraints(itemsA.fieldtype, itemsA.constraints, itemsB.constraints)
    );
  }
  return sameMember(itemsA, itemsB);
}

function hasOwnProtoKey(constraints: unknown): boolean {
  return typeof constraints === 'object' && constraints !== null && Object.hasOwn(constraints, '__proto__');
}

/** A constraint as the normal form holds it: the value set, else the default an unset one stands for, if any. */
function normalValue(constraints: Record<string, unknown>, key: string, fieldtype: FieldType): unknown {
  const value = isOwnEnumerable(constraints, key) ? constraints[key] : undefined;
  if (value !== undefined) return value;
  if (key === 'maxLength') {
    const facts = FIELD_TYPE_FACTS[fieldtype] as (typeof FIELD_TYPE_FACTS)[FieldType] | undefined;
    return facts?.defaultMaxLength;
  }
  return key === 'maxItems' && fieldtype === 'list' ? DEFAULT_MAX_ITEMS : undefined;
}

/** How normalizeConstraints treats `items`: object items, list items, or as they are. */
function itemsKind(items: unknown): 'object' | 'list' | 'other' {
  return isObjectItems(items) ? 'object' : isListItems(items) ? 'list' : 'other';
}

/** The reference answer: both constraints in their normal form, compared as canonical JSON. */
function sameNormalForm(
  fieldtype: FieldType,
  a: FieldConstraints | undefined,
  b: FieldConstraints | undefined,
): boolean {
  return canonicalJson(normalizeConstraints(fieldtype, a)) === canonicalJson(normalizeConstraints(fieldtype, b));
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
    .sort(byName);
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
