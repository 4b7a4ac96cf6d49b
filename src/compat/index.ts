/** Compatibility between versions of a schema: the structural diff, the rule catalog, and mode verdicts. */
export { diffFields, type FieldDiffEntry } from './field-diff.js';
export { COMPAT_RULE_IDS, isCompatRuleId, type CompatRuleId } from './rules/index.js';
export type { CompatChange, CompatViolation } from './compat-change.js';
export type { CompatDirection, CompatRule, FieldPair, RuleFinding } from './compat-rule.js';
export { COMPAT_RULES, compatRule } from './rules/index.js';
export { detectCompatChanges } from './detect-changes.js';
export { modeDirections, modeNeedsHistory, ruleBreaksMode } from './modes.js';
export {
  checkCompatibility,
  ignoreMatches,
  type CompatibilityInput,
  type CompatibilityVerdict,
} from './check-compatibility.js';
