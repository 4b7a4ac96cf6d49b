/**
 * The JSON Schema of a schema file (one custom object schema per file, YAML or JSON) that the loader checks every
 * file against (SCHEMA_STRUCTURE). Editors get a stricter copy of it, published as `schema/cxschema.schema.json`
 * (src/model/file-format-editor.ts, written by `npm run docs:rules`).
 *
 * It checks structure and scalar types only. It stays loose, on purpose, where a dedicated rule gives a better
 * message: the fieldtype's value (FIELD_TYPE_UNKNOWN), which constraints a type accepts
 * (CONSTRAINT_NOT_APPLICABLE), ranges and caps (CONSTRAINT_RANGE_INVALID, STRING_LENGTH_LIMIT), patterns
 * (PATTERN_INVALID), enums (ENUM_INVALID), missing items or referencedType: one problem, one diagnostic.
 */
import { COMPATIBILITY_MODES, FAMILY_NAMES, FIELD_TYPES, IDENTIFIER_PATTERN, SCHEMA_STATUSES } from './schema.js';

const IDENTIFIER = IDENTIFIER_PATTERN.source;

/**
 * An ISO-8601 date or date-time, as `min`/`max` of a dateTime field take it: a year of four digits, as the platform's
 * dates are written (docs/file-format.md); JavaScript would read `202401-01-01` as the year 202401.
 */
export const ISO_DATE_TIME_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?$';

export const SCHEMA_FILE_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'cxschema schema file',
  description:
    'One Genesys Cloud custom object schema (the /api/v2/customobjects/schemas resource without its server-owned properties).',
  type: 'object',
  required: ['externalId', 'name', 'fields'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'The JSON Schema this file follows (for editors).' },
    externalId: {
      type: 'string',
      pattern: IDENTIFIER,
      description:
        'Unique key of the schema in the org: lower case letters, digits and _, starting with a letter, at most 64.',
    },
    name: { type: 'string', minLength: 1, maxLength: 100, description: 'Display name, 1 to 100 characters.' },
    // No maxLength: the platform publishes no limit on a schema's title (docs/targets.md), and a cap of ours would
    // stop pull from writing a schema the org holds. A field's title, below, keeps its /limits cap.
    title: {
      type: 'string',
      minLength: 1,
      description:
        'contacts, organizations, workitems: the title people see (jsonSchema.title), at least 1 character, of any length; the name when absent.',
    },
    description: { type: 'string', maxLength: 500, description: 'Up to 500 characters.' },
    status: {
      type: 'string',
      enum: [...SCHEMA_STATUSES],
      default: 'PUBLISHED',
      description: 'The desired lifecycle state. DRAFT -> PUBLISHED -> DEPRECATED (and back to PUBLISHED).',
    },
    target: {
      type: 'string',
      enum: [...FAMILY_NAMES],
      description:
        "The platform family this schema is deployed to; the config's target (or its environment's) when absent.",
    },
    compatibility: {
      type: 'string',
      enum: [...COMPATIBILITY_MODES],
      description: "Compatibility mode for changes to this schema; the config's compatibility.mode when absent.",
    },
    fields: {
      type: 'array',
      description: 'The fields of a record. Every field at every depth counts toward the limit of 50.',
      items: { $ref: '#/definitions/field' },
    },
  },
  definitions: {
    field: {
      type: 'object',
      required: ['name', 'fieldtype'],
      additionalProperties: false,
      properties: {
        name: {
          type: 'string',
          pattern: IDENTIFIER,
          description:
            'Unique within its parent: lower case letters, digits and _, starting with a letter, at most 64.',
        },
        fieldtype: { $ref: '#/definitions/fieldtype' },
        title: {
          type: 'string',
          minLength: 1,
          maxLength: 100,
          description:
            'contacts, organizations, workitems: the title people see, 1 to 100 characters; the name when absent.',
        },
        description: { type: 'string', description: 'What the field holds.' },
        required: { type: 'boolean', default: false, description: 'Whether every record must set it.' },
        constraints: { $ref: '#/definitions/constraints' },
        enumTitles: {
          type: 'object',
          description:
            'contacts, organizations, workitems: the title people see for an enum value, by value; the value itself when absent.',
          additionalProperties: { type: 'string', minLength: 1, maxLength: 100 },
        },
        disabledValues: {
          type: 'array',
          description:
            'contacts, organizations, workitems: enum values offered no more for new records; each stays in the enum, and records holding it keep it.',
          items: { type: 'string' },
        },
      },
      allOf: [{ $ref: '#/definitions/typedConstraints' }],
    },
    fieldtype: {
      type: 'string',
      description: 'string, email, phone, url, longText, number, boolean, dateTime, reference, file, list or object.',
      examples: [...FIELD_TYPES],
    },
    listItems: {
      type: 'object',
      description: "The type of a list's items: any fieldtype but list, with its constraints.",
      required: ['fieldtype'],
      additionalProperties: false,
      properties: {
        fieldtype: { allOf: [{ $ref: '#/definitions/fieldtype' }, { not: { const: 'list' } }] },
        constraints: { $ref: '#/definitions/constraints' },
      },
      allOf: [{ $ref: '#/definitions/typedConstraints' }],
    },
    objectItems: {
      type: 'object',
      description: 'The fields of an object field (nesting depth at most 3).',
      required: ['fields'],
      additionalProperties: false,
      properties: { fields: { type: 'array', items: { $ref: '#/definitions/field' } } },
    },
    // The shapes that depend on the fieldtype: items of a list or an object, min/max of a number or a dateTime.
    typedConstraints: {
      allOf: [
        {
          if: { required: ['fieldtype'], properties: { fieldtype: { const: 'list' } } },
          then: { properties: { constraints: { properties: { items: { $ref: '#/definitions/listItems' } } } } },
        },
        {
          if: { required: ['fieldtype'], properties: { fieldtype: { const: 'object' } } },
          then: { properties: { constraints: { properties: { items: { $ref: '#/definitions/objectItems' } } } } },
        },
        {
          if: { required: ['fieldtype'], properties: { fieldtype: { const: 'number' } } },
          then: { properties: { constraints: { properties: { min: { type: 'number' }, max: { type: 'number' } } } } },
        },
        {
          if: { required: ['fieldtype'], properties: { fieldtype: { const: 'dateTime' } } },
          then: {
            properties: {
              constraints: {
                properties: {
                  min: { type: 'string', pattern: ISO_DATE_TIME_PATTERN },
                  max: { type: 'string', pattern: ISO_DATE_TIME_PATTERN },
                },
              },
            },
          },
        },
      ],
    },
    constraints: {
      type: 'object',
      description: 'Constraints on the value; which ones a fieldtype accepts is listed in docs/file-format.md.',
      additionalProperties: false,
      properties: {
        minLength: { type: 'integer', description: 'string, email, phone, url, longText: the shortest value.' },
        maxLength: {
          type: 'integer',
          description:
            'string, email, phone, url (at most 1000), longText (at most 32000): the longest value; file: bytes of the file name. Defaults: string 255, email 254, phone 32, url 1000, longText 4000.',
        },
        pattern: { type: 'string', description: 'string, phone: a regular expression the value must match.' },
        enum: {
          type: 'array',
          description: 'string, number: the allowed values.',
          items: { type: ['string', 'number'] },
        },
        min: {
          type: ['number', 'string'],
          description: 'number: the smallest value; dateTime: the earliest (ISO-8601).',
        },
        max: { type: ['number', 'string'], description: 'number: the largest value; dateTime: the latest (ISO-8601).' },
        referencedType: {
          type: 'string',
          description: 'reference (required): a system object type (contact, user, ...) or a schema externalId.',
        },
        items: {
          type: 'object',
          description: 'list: {fieldtype, constraints} of its items; object: {fields}. Required for both.',
        },
        minItems: { type: 'integer', description: 'list: the fewest items.' },
        maxItems: { type: 'integer', description: 'list: the most items (at most 1000, default 100).' },
      },
    },
  },
} as const;
