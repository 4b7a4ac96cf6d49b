/**
 * fast-check records for a schema: every value within the field's constraints (the platform's defaults
 * included), optional fields present or absent. Used to check that the generated JSON Schemas and record
 * types accept what the platform accepts.
 */
import fc from 'fast-check';
import { CUSTOM_OBJECTS_FAMILY, type FieldDefaults } from '../../src/family/index.js';
import {
  isListItems,
  isObjectItems,
  type FieldConstraints,
  type FieldType,
  type SchemaField,
} from '../../src/model/schema.js';

export type RecordValue = Record<string, unknown>;

/**
 * `defaults`: the bounds of the schema's family where a field sets none (a text's length, a list's items).
 * `keyOf`: the key a record holds each field under (its family's `recordKey`); a nested object's are the names.
 */
export function recordArbitrary(
  fields: readonly SchemaField[],
  defaults: FieldDefaults = CUSTOM_OBJECTS_FAMILY.fieldDefaults,
  keyOf: (field: SchemaField) => string = (field) => field.name,
): fc.Arbitrary<RecordValue> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of fields) model[keyOf(field)] = valueArbitrary(field.fieldtype, field.constraints ?? {}, defaults);
  const requiredKeys = fields.filter((field) => field.required === true).map(keyOf);
  return fc.record(model, { requiredKeys });
}

/** Long enough to find edge cases, short enough for a loaded machine. */
const SHORT = 24;

function valueArbitrary(fieldtype: FieldType, c: FieldConstraints, defaults: FieldDefaults): fc.Arbitrary<unknown> {
  const minLength = c.minLength ?? 0;
  const maxLength = c.maxLength ?? defaults.maxLength(fieldtype) ?? 255;
  const array = defaults.uniqueItems ? fc.uniqueArray : fc.array;
  const within = (text: string): boolean => [...text].length >= minLength && [...text].length <= maxLength;
  switch (fieldtype) {
    case 'string':
    case 'phone':
    case 'longText': {
      if (c.enum !== undefined) return fc.constantFrom(...c.enum);
      const pattern = c.pattern ?? (fieldtype === 'phone' ? '^\\+[0-9]{7,14}$' : undefined);
      if (pattern !== undefined) return fc.stringMatching(new RegExp(pattern, 'u')).filter(within);
      return fc.string({ unit: 'binary', minLength, maxLength: Math.min(maxLength, minLength + SHORT) });
    }
    case 'email':
      return fc.stringMatching(/^[a-z0-9]{1,20}(\.[a-z0-9]{1,8})?@[a-z]{1,15}\.(com|org|net)$/).filter(within);
    case 'url':
      return fc.stringMatching(/^https:\/\/[a-z]{1,20}\.example\/[a-z0-9]{0,30}$/).filter(within);
    case 'number':
      if (c.enum !== undefined) return fc.constantFrom(...c.enum);
      return fc.double({
        noNaN: true,
        noDefaultInfinity: true,
        min: typeof c.min === 'number' ? c.min : -1e12,
        max: typeof c.max === 'number' ? c.max : 1e12,
      });
    case 'boolean':
    case 'checkbox':
      return fc.boolean();
    case 'text':
    case 'longtext':
    case 'identifier':
      return fc.string({ unit: 'binary', minLength, maxLength: Math.min(maxLength, minLength + SHORT) });
    case 'enum':
      return c.enum === undefined ? fc.string() : fc.constantFrom(...c.enum);
    case 'integer':
      return fc.integer({
        min: typeof c.min === 'number' ? c.min : -1e9,
        max: typeof c.max === 'number' ? c.max : 1e9,
      });
    case 'date':
      return fc
        .date({ noInvalidDate: true, min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z') })
        .map((date) => date.toISOString().slice(0, 10));
    case 'datetime':
      return fc
        .date({ noInvalidDate: true, min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z') })
        .map((date) => date.toISOString());
    case 'tag':
      return array(fc.string({ minLength: Math.max(1, minLength), maxLength: Math.min(maxLength, 20) }), {
        minLength: c.minItems ?? 0,
        maxLength: Math.min(c.maxItems ?? 10, 4),
      });
    case 'dateTime':
      return fc
        .date({
          noInvalidDate: true,
          min: new Date(typeof c.min === 'string' ? c.min : '1970-01-01T00:00:00Z'),
          max: new Date(typeof c.max === 'string' ? c.max : '2199-12-31T23:59:59Z'),
        })
        .map((date) => date.toISOString());
    case 'reference':
      return fc.uuid();
    case 'file':
      return fc.record({
        id: fc.uuid(),
        name: fc
          .stringMatching(/^[a-z0-9_-]{1,40}\.(pdf|png|txt)$/)
          .filter((name) => c.maxLength === undefined || name.length <= c.maxLength),
      });
    case 'list': {
      const items = c.items;
      if (!isListItems(items)) return fc.constant([]);
      const minItems = c.minItems ?? 0;
      const maxItems = Math.min(c.maxItems ?? defaults.maxItems, minItems + 4);
      return array(valueArbitrary(items.fieldtype, items.constraints ?? {}, defaults), {
        minLength: minItems,
        maxLength: maxItems,
      });
    }
    case 'object':
      return recordArbitrary(isObjectItems(c.items) ? c.items.fields : [], defaults);
  }
}
