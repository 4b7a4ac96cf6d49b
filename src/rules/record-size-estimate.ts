/**
 * The worst-case size of a record, as UTF-8 bytes of its JSON: an upper bound for every record valid under the
 * schema, so that a schema under the platform's 100 KB record cap can never hold a record over it.
 *
 * The record model (what "valid" means here; docs/rules.md says it in words):
 * - a record is a JSON object of the schema's fields; an optional field may be absent or null;
 * - string, email, phone, url, longText: a string of at most maxLength characters (the type's default when
 *   unset), or one of its enum values;
 * - number: any finite number, or one of its enum values; boolean: true or false;
 * - dateTime: an ISO-8601 string (at most a signed 6-digit year, nanoseconds and an offset);
 * - reference: `{ "id": <UUID> }`; file: `{ "id": <UUID>, "name": <at most maxLength UTF-8 bytes, 255 when unset> }`;
 * - list: at most maxItems (default 100) values of its items' type; object: an object of its fields.
 *
 * Why each bound holds:
 * - A character, counted as a UTF-16 code unit or as a code point, is at most 6 bytes of JSON: JSON.stringify
 *   escapes control characters and lone surrogates as `\uXXXX` (6 bytes); any other BMP character is at most 3
 *   UTF-8 bytes, and an astral code point (2 code units) is 4. A byte of a UTF-8 file name is likewise at most 6.
 * - The longest JSON.stringify of a finite number is 25 characters (`-0.0000012345678901234567`: sign, `0.`,
 *   five zeros and 17 significant digits; exponent forms reach 24).
 * - null is 4 bytes, so every optional value counts as at least 4.
 */
import { DEFAULT_MAX_ITEMS, FIELD_TYPE_FACTS } from '../model/field-types.js';
import { isLoose, type Loose } from './schema-view.js';
import type { FieldType } from '../model/schema.js';

export const MAX_CHARACTER_JSON_BYTES = 6;
export const MAX_NUMBER_JSON_BYTES = 25;
/** `"+275760-09-13T23:59:59.123456789+14:00"`: quotes, sign, 6-digit year, nanoseconds, offset. */
export const MAX_DATE_TIME_JSON_BYTES = 40;
/** `{"id":"<36-character UUID>"}`. */
export const REFERENCE_JSON_BYTES = 45;
/** `{"id":"<UUID>","name":""}` without the name's characters. */
export const FILE_JSON_OVERHEAD_BYTES = 55;
export const DEFAULT_FILE_NAME_BYTES = 255;
export const NULL_JSON_BYTES = 4;

export interface FieldWeight {
  /** `notes`, `address.street`. */
  path: string;
  /** JSON Pointer of the field in the file. */
  pointer: string;
  /** Bytes the field adds to the worst-case record: its key, colon, value and separator. */
  bytes: number;
}

export interface RecordSizeEstimate {
  bytes: number;
  /** The top-level fields, heaviest first. */
  fields: FieldWeight[];
}

/** The estimate for a schema's top-level fields, read leniently (fields of unknown shape weigh nothing). */
export function estimateRecordSize(fields: readonly unknown[]): RecordSizeEstimate {
  const weights: FieldWeight[] = [];
  const entries: number[] = [];
  fields.forEach((field, index) => {
    if (!isLoose(field) || typeof field['name'] !== 'string') return;
    const entry = entryBytes(field['name'], valueBytes(field));
    entries.push(entry);
    weights.push({ path: field['name'], pointer: `/fields/${index}`, bytes: entry + 1 });
  });
  weights.sort((a, b) => b.bytes - a.bytes);
  return { bytes: objectBytes(entries), fields: weights };
}

/** `"name":value`. Field names are ASCII identifiers, but measure anyway. */
function entryBytes(name: string, value: number): number {
  return Buffer.byteLength(JSON.stringify(name)) + 1 + value;
}

/** `{` entries joined by `,` `}`. */
function objectBytes(entries: readonly number[]): number {
  let total = 2 + Math.max(0, entries.length - 1);
  for (const entry of entries) total += entry;
  return total;
}

/** The largest JSON a value of this field (or list item description) can take, null included. */
export function valueBytes(node: Loose): number {
  const fieldtype = node['fieldtype'];
  if (typeof fieldtype !== 'string' || !(fieldtype in FIELD_TYPE_FACTS)) return NULL_JSON_BYTES;
  const constraints = isLoose(node['constraints']) ? node['constraints'] : {};
  return Math.max(NULL_JSON_BYTES, typedValueBytes(fieldtype as FieldType, constraints));
}

function typedValueBytes(fieldtype: FieldType, constraints: Loose): number {
  switch (fieldtype) {
    case 'string':
    case 'email':
    case 'phone':
    case 'url':
    case 'longText': {
      const enumBytes = fieldtype === 'string' ? largestEnumValue(constraints) : undefined;
      if (enumBytes !== undefined) return enumBytes;
      const maxLength =
        nonNegativeInteger(constraints['maxLength']) ?? FIELD_TYPE_FACTS[fieldtype].defaultMaxLength ?? 0;
      return 2 + MAX_CHARACTER_JSON_BYTES * maxLength;
    }
    case 'text':
    case 'longtext':
    case 'identifier':
    case 'tag': {
      // The DataSchema coretypes: a tag list holds at most maxItems of these (the coretype's 10 when unset).
      const maxLength = nonNegativeInteger(constraints['maxLength']) ?? FIELD_TYPE_FACTS[fieldtype].maxLengthCap ?? 0;
      const one = 2 + MAX_CHARACTER_JSON_BYTES * maxLength;
      if (fieldtype !== 'tag') return one;
      const count = nonNegativeInteger(constraints['maxItems']) ?? 10;
      return 2 + count * one + Math.max(0, count - 1);
    }
    case 'enum':
      return largestEnumValue(constraints) ?? NULL_JSON_BYTES;
    case 'number':
    case 'integer':
      return largestEnumValue(constraints) ?? MAX_NUMBER_JSON_BYTES;
    case 'boolean':
    case 'checkbox':
      return 5;
    case 'dateTime':
    case 'date':
    case 'datetime':
      return MAX_DATE_TIME_JSON_BYTES;
    case 'reference':
      return REFERENCE_JSON_BYTES;
    case 'file': {
      const maxLength = nonNegativeInteger(constraints['maxLength']) ?? DEFAULT_FILE_NAME_BYTES;
      return FILE_JSON_OVERHEAD_BYTES + MAX_CHARACTER_JSON_BYTES * maxLength;
    }
    case 'list': {
      const items = constraints['items'];
      const count = nonNegativeInteger(constraints['maxItems']) ?? DEFAULT_MAX_ITEMS;
      const item = isLoose(items) ? valueBytes(items) : NULL_JSON_BYTES;
      return 2 + count * item + Math.max(0, count - 1);
    }
    case 'object': {
      const items = constraints['items'];
      const fields = isLoose(items) && Array.isArray(items['fields']) ? items['fields'] : [];
      const entries: number[] = [];
      for (const field of fields) {
        if (isLoose(field) && typeof field['name'] === 'string')
          entries.push(entryBytes(field['name'], valueBytes(field)));
      }
      return objectBytes(entries);
    }
  }
}

/** The largest JSON of an enum's values, when there is a non-empty enum to pick from. */
function largestEnumValue(constraints: Loose): number | undefined {
  const values = constraints['enum'];
  if (!Array.isArray(values) || values.length === 0) return undefined;
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Buffer.byteLength(JSON.stringify(value) ?? 'null'));
  return largest;
}

function nonNegativeInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? Math.max(0, value) : undefined;
}
