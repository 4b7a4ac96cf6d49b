/**
 * A JSON Schema (draft 2020-12) per schema that accepts exactly the records the platform accepts: the fields'
 * types, required fields, no unknown fields, and every constraint, including the platform's defaults where the
 * file leaves one unset (a string holds 255 characters, a list 100 items). docs/codegen.md lists the choices.
 */
import type { Family, FieldDefaults } from '../family/index.js';
import { familyOfSchema, recordKeyOf } from './generation-problems.js';
import { lacksOffset } from '../model/instants.js';
import {
  isListItems,
  isNativeCoreType,
  isObjectItems,
  type FieldConstraints,
  type FieldType,
  type NativeCoreType,
  type SchemaDefinition,
  type SchemaField,
} from '../model/schema.js';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export type JsonSchema = { [keyword: string]: unknown };

/**
 * The JSON Schema of one schema's records. `family` is the family the schema is deployed to, by default the file's
 * own `target`, or custom objects: it keys the record (a contact's `customFields` by `<name>_<coretype>`:
 * docs/codegen.md "How a record is keyed") and bounds it where the file sets none (a text holds 255 characters in a
 * custom object, 100 in a contact: docs/families.md).
 */
export function recordJsonSchema(schema: SchemaDefinition, family: Family = familyOfSchema(schema)): JsonSchema {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: schema.name,
    ...(schema.description === undefined ? {} : { description: schema.description }),
    ...objectOf(schema.fields, family.fieldDefaults, (field) => recordKeyOf(field, family)),
  };
}

/** An object's properties, keyed by `keyOf`: a nested object's by the fields' names. */
function objectOf(
  fields: readonly SchemaField[],
  defaults: FieldDefaults,
  keyOf: (field: SchemaField) => string = (field) => field.name,
): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) {
    properties[keyOf(field)] = {
      ...valueOf(field.fieldtype, field.constraints, defaults),
      ...(field.description === undefined ? {} : { description: field.description }),
    };
  }
  const required = fields.filter((field) => field.required === true).map(keyOf);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

/** One value of a field, or of a list's items (which have a type and constraints, but no name). */
function valueOf(fieldtype: FieldType, constraints: FieldConstraints = {}, defaults: FieldDefaults): JsonSchema {
  // An empty enum (ENUM_INVALID lowered from error) holds no value: a schema no value passes, where `enum: []`
  // is one the specification says should not be written (docs/codegen.md).
  if (Array.isArray(constraints.enum) && constraints.enum.length === 0) return { not: {} };
  if (isNativeCoreType(fieldtype)) return coreTypeValueOf(fieldtype, constraints, defaults);
  switch (fieldtype) {
    case 'string':
    case 'email':
    case 'phone':
    case 'url':
    case 'longText':
      return text(fieldtype, constraints, defaults);
    case 'number':
      return {
        type: 'number',
        ...(typeof constraints.min === 'number' ? { minimum: constraints.min } : {}),
        ...(typeof constraints.max === 'number' ? { maximum: constraints.max } : {}),
        ...(constraints.enum === undefined ? {} : { enum: constraints.enum }),
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'dateTime':
      return {
        type: 'string',
        format: 'date-time',
        // Not in the 2020-12 vocabulary; validators that know them (ajv-formats) enforce them, others ignore them.
        ...(typeof constraints.min === 'string' ? { formatMinimum: asDateTime(constraints.min) } : {}),
        ...(typeof constraints.max === 'string' ? { formatMaximum: asDateTime(constraints.max) } : {}),
      };
    case 'reference':
      return {
        type: 'string',
        minLength: 1,
        description: `the id of a ${constraints.referencedType ?? 'referenced'} record`,
      };
    case 'file':
      return {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1 },
          name: {
            type: 'string',
            minLength: 1,
            ...(constraints.maxLength === undefined ? {} : { maxLength: constraints.maxLength }),
          },
        },
        required: ['id', 'name'],
        additionalProperties: false,
      };
    case 'list': {
      const items = constraints.items;
      return {
        type: 'array',
        ...(isListItems(items) ? { items: valueOf(items.fieldtype, items.constraints, defaults) } : {}),
        ...(constraints.minItems === undefined ? {} : { minItems: constraints.minItems }),
        maxItems: constraints.maxItems ?? defaults.maxItems,
        ...(defaults.uniqueItems ? { uniqueItems: true } : {}),
      };
    }
    case 'object': {
      const items = constraints.items;
      return objectOf(isObjectItems(items) ? items.fields : [], defaults);
    }
  }
}

/** A DataSchema coretype's value (docs/families.md). */
function coreTypeValueOf(
  fieldtype: NativeCoreType,
  constraints: FieldConstraints,
  defaults: FieldDefaults,
): JsonSchema {
  const maxLength = constraints.maxLength ?? defaults.maxLength(fieldtype);
  const lengths = {
    ...(constraints.minLength === undefined ? {} : { minLength: constraints.minLength }),
    ...(maxLength === undefined ? {} : { maxLength }),
  };
  switch (fieldtype) {
    case 'text':
    case 'longtext':
    case 'identifier':
      return { type: 'string', ...lengths };
    case 'enum':
      return { type: 'string', ...(constraints.enum === undefined ? {} : { enum: constraints.enum }) };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'integer':
      return {
        type: 'integer',
        ...(typeof constraints.min === 'number' ? { minimum: constraints.min } : {}),
        ...(typeof constraints.max === 'number' ? { maximum: constraints.max } : {}),
      };
    case 'checkbox':
      return { type: 'boolean' };
    case 'tag':
      return {
        type: 'array',
        items: { type: 'string', ...lengths },
        ...(constraints.minItems === undefined ? {} : { minItems: constraints.minItems }),
        maxItems: constraints.maxItems ?? defaults.maxItems,
        ...(defaults.uniqueItems ? { uniqueItems: true } : {}),
      };
  }
}

const TEXT_FORMATS: Partial<Record<FieldType, string>> = { email: 'email', url: 'uri' };

function text(fieldtype: FieldType, constraints: FieldConstraints, defaults: FieldDefaults): JsonSchema {
  const format = TEXT_FORMATS[fieldtype];
  const maxLength = constraints.maxLength ?? defaults.maxLength(fieldtype);
  return {
    type: 'string',
    ...(format === undefined ? {} : { format }),
    ...(constraints.minLength === undefined ? {} : { minLength: constraints.minLength }),
    ...(maxLength === undefined ? {} : { maxLength }),
    ...(constraints.pattern === undefined ? {} : { pattern: constraints.pattern }),
    ...(constraints.enum === undefined ? {} : { enum: constraints.enum }),
  };
}

/**
 * A bound written as a date (`2024-01-31`) is that day's first instant, in UTC, as a record's date-time compares;
 * one written as a date-time without an offset gets its `Z`, since cxschema reads it as UTC (instants.ts) and a
 * validator would otherwise read it in the time zone of whatever machine validates a record.
 */
export function asDateTime(bound: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(bound)) return `${bound}T00:00:00Z`;
  return lacksOffset(bound) ? `${bound}Z` : bound;
}
