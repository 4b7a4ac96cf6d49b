/**
 * The JSON Schema editors check schema files with, published as `schema/cxschema.schema.json` (the file that the
 * `# yaml-language-server: $schema=` lines and JSON files' `$schema` name).
 *
 * It is the loader's file format (SCHEMA_FILE_JSON_SCHEMA) made strict where that one stays loose on purpose:
 * the loader leaves an unknown fieldtype and a constraint on the wrong type to FIELD_TYPE_UNKNOWN and
 * CONSTRAINT_NOT_APPLICABLE, whose messages are better than a JSON Schema error; an editor has no such rules, so
 * here the fieldtype is an enum and each type allows only the constraints FIELD_TYPE_FACTS lists. Everything
 * the loader's schema accepts and the rules then reject may be rejected here; nothing valid is.
 *
 * Written for ajv's strict mode (every `required`/`properties` next to `type: object`, no union types), so that
 * the editors' and other tools' validators read it the same way.
 */
import { FIELD_TYPE_FACTS, type ConstraintName } from './field-types.js';
import { ISO_DATE_TIME_PATTERN, SCHEMA_FILE_JSON_SCHEMA } from './file-format.js';
import { ALL_FIELD_TYPES, FIELD_TYPES, NATIVE_CORE_TYPES, type FieldType } from './schema.js';

const LOADER = SCHEMA_FILE_JSON_SCHEMA.definitions;
const CONSTRAINT_NAMES = Object.keys(LOADER.constraints.properties) as ConstraintName[];
const NUMBER_OR_STRING = [{ type: 'number' }, { type: 'string' }];

/** `if` the object's fieldtype is `fieldtype`, `then` its constraints match `constraints`. */
function whenFieldtype(fieldtype: FieldType, constraints: Record<string, unknown>): Record<string, unknown> {
  return {
    if: { type: 'object', required: ['fieldtype'], properties: { fieldtype: { const: fieldtype } } },
    then: { type: 'object', properties: { constraints: { type: 'object', ...constraints } } },
  };
}

/** The constraints a fieldtype does not take, each forbidden (an editor says "Property X is not allowed"). */
function applicability(fieldtype: FieldType): Record<string, unknown> {
  const accepted: readonly ConstraintName[] = FIELD_TYPE_FACTS[fieldtype].constraints;
  const refused = CONSTRAINT_NAMES.filter((name) => !accepted.includes(name));
  return whenFieldtype(fieldtype, { properties: Object.fromEntries(refused.map((name) => [name, false])) });
}

const DATE_TIME_BOUND = { type: 'string', pattern: ISO_DATE_TIME_PATTERN };

export const SCHEMA_FILE_EDITOR_JSON_SCHEMA = {
  ...SCHEMA_FILE_JSON_SCHEMA,
  definitions: {
    ...LOADER,
    fieldtype: {
      type: 'string',
      enum: [...ALL_FIELD_TYPES],
      description: `${FIELD_TYPES.join(', ')}; and, on a DataSchema family (contacts, organizations, workitems), its coretypes ${NATIVE_CORE_TYPES.join(', ')}.`,
    },
    // The shapes that depend on the fieldtype: items of a list or an object, the type of min/max, and which
    // constraints apply at all.
    typedConstraints: {
      allOf: [
        whenFieldtype('list', { properties: { items: { $ref: '#/definitions/listItems' } } }),
        whenFieldtype('object', { properties: { items: { $ref: '#/definitions/objectItems' } } }),
        whenFieldtype('number', { properties: { min: { type: 'number' }, max: { type: 'number' } } }),
        whenFieldtype('integer', { properties: { min: { type: 'number' }, max: { type: 'number' } } }),
        whenFieldtype('dateTime', { properties: { min: DATE_TIME_BOUND, max: DATE_TIME_BOUND } }),
        ...ALL_FIELD_TYPES.map(applicability),
      ],
    },
    constraints: {
      ...LOADER.constraints,
      properties: {
        ...LOADER.constraints.properties,
        enum: { ...LOADER.constraints.properties.enum, items: { anyOf: NUMBER_OR_STRING } },
        min: { description: LOADER.constraints.properties.min.description, anyOf: NUMBER_OR_STRING },
        max: { description: LOADER.constraints.properties.max.description, anyOf: NUMBER_OR_STRING },
      },
    },
  },
} as const;
