// Generated from the rule registry (src/rules/index.ts) by `npm run docs:rules`: edit the registry, not this file.

/**
 * The validation rule ids a config may set a severity for (docs/rules.md), in registry order. The config
 * file's JSON Schema lists them, so that a misspelt id is refused at its line with a did-you-mean and editors
 * complete the ids.
 */
export const VALIDATION_RULE_IDS = [
  'FILE_PARSE_ERROR',
  'SCHEMA_STRUCTURE',
  'EXTERNAL_ID_DUPLICATE',
  'FIELD_NAME_DUPLICATE',
  'FIELD_TYPE_UNKNOWN',
  'FIELD_COUNT_LIMIT',
  'STRING_LENGTH_LIMIT',
  'CONSTRAINT_NOT_APPLICABLE',
  'CONSTRAINT_RANGE_INVALID',
  'PATTERN_INVALID',
  'ENUM_INVALID',
  'REFERENCE_TYPE_MISSING',
  'REFERENCE_TARGET_UNKNOWN',
  'COLLECTION_ITEMS_MISSING',
  'NESTING_TOO_DEEP',
  'REFERENCE_CYCLE',
  'PUBLISHED_REFERENCES_UNPUBLISHED',
  'RECORD_SIZE_LIMIT',
  'FAMILY_TYPE_UNSUPPORTED',
  'FAMILY_CONSTRAINT_UNSUPPORTED',
  'FAMILY_STATUS_UNSUPPORTED',
  'FAMILY_IDENTITY_MISMATCH',
  'FAMILY_TITLE_UNSUPPORTED',
  'FAMILY_DISABLED_VALUES_UNSUPPORTED',
] as const;

export type ValidationRuleId = (typeof VALIDATION_RULE_IDS)[number];
