/**
 * Compatibility rule ids. They are a contract (configs name them in `compatibility.ignore`, CI parses them):
 * never rename one. The first sixteen are the published catalog; the widening counterparts after them exist so
 * that FORWARD modes see every change that old consumers cannot handle (docs/compatibility.md explains each).
 */
export const COMPAT_RULE_IDS = [
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

export type CompatRuleId = (typeof COMPAT_RULE_IDS)[number];

export function isCompatRuleId(value: string): value is CompatRuleId {
  return (COMPAT_RULE_IDS as readonly string[]).includes(value);
}
