// Generated from the compatibility rule registry (src/compat/rules/index.ts) by `npm run docs:rules`: edit the
// registry, not this file.

/**
 * The compatibility rule ids a config's `compatibility.ignore` may name (docs/compatibility.md), in registry
 * order. The config file's JSON Schema lists them, so that a misspelt id is refused at its line and editors
 * complete the ids.
 */
export const COMPAT_RULE_IDS_FOR_CONFIG = [
  'FIELD_TYPE_CHANGED',
  'REQUIRED_FIELD_REMOVED',
  'FIELD_REMOVED',
  'REQUIRED_TO_OPTIONAL',
  'OPTIONAL_TO_REQUIRED',
  'REQUIRED_FIELD_ADDED',
  'MAX_LENGTH_DECREASED',
  'MIN_LENGTH_INCREASED',
  'MAX_DECREASED',
  'MIN_INCREASED',
  'MAX_ITEMS_DECREASED',
  'PATTERN_CHANGED',
  'ENUM_VALUE_REMOVED',
  'ENUM_VALUE_ADDED',
  'REFERENCE_TARGET_CHANGED',
  'ITEMS_CHANGED',
  'MAX_LENGTH_INCREASED',
  'MIN_LENGTH_DECREASED',
  'MAX_INCREASED',
  'MIN_DECREASED',
  'MAX_ITEMS_INCREASED',
  'MIN_ITEMS_INCREASED',
  'MIN_ITEMS_DECREASED',
  'PATTERN_ADDED',
  'PATTERN_REMOVED',
] as const;
