/**
 * Facts about each field type, from the API contract's SchemaField table: which constraints it accepts, its maxLength
 * cap and default. Rules, the record-size estimate and the emulator's own copy of the contract all start from here
 * (the emulator keeps an independent table on purpose: docs/architecture.md).
 */
import type { OrgQuantityLimits } from './quantity-limits.js';
import { NATIVE_CORE_TYPES, type FieldType } from './schema.js';

/** Every constraint key, in the order docs/file-format.md lists them (and pulled files write them). */
export const CONSTRAINT_NAMES = [
  'minLength',
  'maxLength',
  'pattern',
  'enum',
  'min',
  'max',
  'referencedType',
  'minItems',
  'maxItems',
  'items',
] as const;

export type ConstraintName = (typeof CONSTRAINT_NAMES)[number];

export interface FieldTypeFacts {
  constraints: readonly ConstraintName[];
  /** The largest maxLength the platform accepts; undefined where maxLength does not apply or has no cap. */
  maxLengthCap?: number;
  /** What the platform assumes when maxLength is unset. */
  defaultMaxLength?: number;
}

export const FIELD_TYPE_FACTS: Readonly<Record<FieldType, FieldTypeFacts>> = {
  string: { constraints: ['minLength', 'maxLength', 'pattern', 'enum'], maxLengthCap: 1000, defaultMaxLength: 255 },
  email: { constraints: ['minLength', 'maxLength'], maxLengthCap: 1000, defaultMaxLength: 254 },
  phone: { constraints: ['minLength', 'maxLength', 'pattern'], maxLengthCap: 1000, defaultMaxLength: 32 },
  url: { constraints: ['minLength', 'maxLength'], maxLengthCap: 1000, defaultMaxLength: 1000 },
  longText: { constraints: ['minLength', 'maxLength'], maxLengthCap: 32000, defaultMaxLength: 4000 },
  number: { constraints: ['min', 'max', 'enum'] },
  boolean: { constraints: [] },
  dateTime: { constraints: ['min', 'max'] },
  reference: { constraints: ['referencedType'] },
  // file: maxLength bounds the bytes of the file's metadata name (docs/api-contract.md); no cap is published.
  file: { constraints: ['maxLength'] },
  list: { constraints: ['items', 'minItems', 'maxItems'] },
  object: { constraints: ['items'] },
  // The DataSchema coretypes (docs/families.md): caps are the coretypes' own, and an unset bound means the
  // coretype's widest range, so there are no defaults to stand in for.
  text: { constraints: ['minLength', 'maxLength'], maxLengthCap: 100 },
  longtext: { constraints: ['minLength', 'maxLength'], maxLengthCap: 1000 },
  identifier: { constraints: ['minLength', 'maxLength'], maxLengthCap: 100 },
  enum: { constraints: ['enum'] },
  date: { constraints: [] },
  datetime: { constraints: [] },
  integer: { constraints: ['min', 'max'] },
  checkbox: { constraints: [] },
  // minLength and maxLength bound each tag; minItems and maxItems the number of tags.
  tag: { constraints: ['minItems', 'maxItems', 'minLength', 'maxLength'], maxLengthCap: 100 },
};

/** Unset maxItems (docs/api-contract.md). */
export const DEFAULT_MAX_ITEMS = 100;

/** Platform limits (docs/api-contract.md "Limits and system objects"); the org's own values are read online. */
export interface PlatformLimits {
  maxFieldsPerSchema: number;
  maxRecordSizeBytes: number;
  maxStringLength: number;
  maxLongTextLength: number;
  maxListItems: number;
  maxNestingDepth: number;
  maxSchemasPerOrg: number;
  /**
   * A DataSchema org's own /limits, read online only: the lengths of names, titles and descriptions and the fields
   * of the whole org, which the file format has no place for, checked against the org's values as it answered them.
   */
  org?: OrgQuantityLimits;
}

/** The limits that are counts: every one but the DataSchema org's own answer. */
export type LimitCount = Exclude<keyof PlatformLimits, 'org'>;

export const DEFAULT_LIMITS: Readonly<PlatformLimits> = {
  maxFieldsPerSchema: 50,
  maxRecordSizeBytes: 102400,
  maxStringLength: 1000,
  maxLongTextLength: 32000,
  maxListItems: 1000,
  maxNestingDepth: 3,
  maxSchemasPerOrg: 500,
};

export const DEFAULT_SYSTEM_OBJECTS: readonly string[] = [
  'contact',
  'externalOrganization',
  'conversation',
  'user',
  'queue',
  'workitem',
];

/** The cap on maxLength for a field type under the given limits (longText has its own). */
export function maxLengthCapFor(fieldtype: FieldType, limits: PlatformLimits): number | undefined {
  if (fieldtype === 'longText') return limits.maxLongTextLength;
  if ((NATIVE_CORE_TYPES as readonly string[]).includes(fieldtype)) return FIELD_TYPE_FACTS[fieldtype].maxLengthCap;
  if (FIELD_TYPE_FACTS[fieldtype].maxLengthCap !== undefined) return limits.maxStringLength;
  return undefined;
}
