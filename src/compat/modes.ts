/**
 * Compatibility modes, as Confluent Schema Registry defines them, read for records stored under a schema:
 * BACKWARD checks that the new version accepts what the old one did, FORWARD that consumers of the old version
 * can handle what the new one allows, FULL both, NONE nothing; *_TRANSITIVE against every earlier version.
 */
import type { CompatibilityMode } from '../model/schema.js';
import type { CompatDirection } from './compat-rule.js';
import type { CompatRuleId } from './rules/index.js';
import { compatRule } from './rules/index.js';

export function modeDirections(mode: CompatibilityMode): readonly CompatDirection[] {
  switch (mode) {
    case 'NONE':
      return [];
    case 'BACKWARD':
    case 'BACKWARD_TRANSITIVE':
      return ['BACKWARD'];
    case 'FORWARD':
    case 'FORWARD_TRANSITIVE':
      return ['FORWARD'];
    case 'FULL':
    case 'FULL_TRANSITIVE':
      return ['BACKWARD', 'FORWARD'];
  }
}

export function ruleBreaksMode(rule: CompatRuleId, mode: CompatibilityMode): boolean {
  const breaks = compatRule(rule).breaks;
  return modeDirections(mode).some((direction) => breaks.includes(direction));
}

/** The transitive modes compare with every earlier version, so the plan must read the versions endpoint. */
export function modeNeedsHistory(mode: CompatibilityMode): boolean {
  return mode.endsWith('_TRANSITIVE');
}
