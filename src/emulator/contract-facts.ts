/**
 * The emulator's own reading of docs/api-contract.md: field types, the constraints each accepts, caps and defaults.
 * Deliberately not imported from src/model/field-types.ts (docs/architecture.md): the client and the emulator are two
 * independent implementations of one contract, so that a misreading on one side shows up as a failing test.
 */
import type { PlatformLimits } from '../model/field-types.js';

export const EMULATOR_FIELD_TYPES = [
  'string',
  'email',
  'phone',
  'url',
  'longText',
  'number',
  'boolean',
  'dateTime',
  'reference',
  'file',
  'list',
  'object',
] as const;

/** docs/api-contract.md "SchemaField" table: the constraints each fieldtype accepts. */
export const ACCEPTED_CONSTRAINTS: Readonly<Record<string, readonly string[]>> = {
  string: ['minLength', 'maxLength', 'pattern', 'enum'],
  email: ['minLength', 'maxLength'],
  phone: ['minLength', 'maxLength', 'pattern'],
  url: ['minLength', 'maxLength'],
  longText: ['minLength', 'maxLength'],
  number: ['min', 'max', 'enum'],
  boolean: [],
  dateTime: ['min', 'max'],
  reference: ['referencedType'],
  file: ['maxLength'],
  list: ['items', 'minItems', 'maxItems'],
  object: ['items'],
};

/**
 * Which limit caps maxLength for a fieldtype (docs/api-contract.md: "maxLength ≤ 1000", longText "≤ 32000"; file: no
 * cap).
 */
export function maxLengthLimit(fieldtype: string, limits: PlatformLimits): number | undefined {
  switch (fieldtype) {
    case 'string':
    case 'email':
    case 'phone':
    case 'url':
      return limits.maxStringLength;
    case 'longText':
      return limits.maxLongTextLength;
    default:
      return undefined;
  }
}

/** docs/api-contract.md "Limits and system objects". */
export const EMULATOR_DEFAULT_LIMITS: Readonly<PlatformLimits> = {
  maxFieldsPerSchema: 50,
  maxRecordSizeBytes: 102400,
  maxStringLength: 1000,
  maxLongTextLength: 32000,
  maxListItems: 1000,
  maxNestingDepth: 3,
  maxSchemasPerOrg: 500,
};

export const EMULATOR_DEFAULT_SYSTEM_OBJECTS: readonly string[] = [
  'contact',
  'externalOrganization',
  'conversation',
  'user',
  'queue',
  'workitem',
];

/** `^[a-z][a-z0-9_]{0,63}$` (docs/api-contract.md): externalIds and field names. */
export const IDENTIFIER = /^[a-z][a-z0-9_]{0,63}$/;

export const STATUSES = ['DRAFT', 'PUBLISHED', 'DEPRECATED'] as const;

/** Properties the platform owns: ignored in a request body (docs/api-contract.md). */
export const READ_ONLY_PROPERTIES: ReadonlySet<string> = new Set(['id', 'dateCreated', 'dateModified', 'selfUri']);

export const SCHEMA_NAME_MAX = 100;
export const SCHEMA_DESCRIPTION_MAX = 500;
