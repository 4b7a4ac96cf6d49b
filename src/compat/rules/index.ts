/**
 * Every compatibility rule, one line each, and the one list of rule ids: `COMPAT_RULE_IDS` and `CompatRuleId`
 * are derived from this registry. Ids are a contract (configs name them in `compatibility.ignore`, CI parses
 * them): never rename one. The first sixteen are the published catalog; the widening counterparts after them
 * exist so that FORWARD modes see every change that old consumers cannot handle (docs/compatibility.md explains
 * each). The order is the order of findings within a field.
 */
import type { CompatRule } from '../compat-rule.js';
import { boundChangeRule } from './bound-changes.js';
import { enumValueAdded } from './enum-value-added.js';
import { enumValueRemoved } from './enum-value-removed.js';
import { fieldRemoved } from './field-removed.js';
import { fieldTypeChanged } from './field-type-changed.js';
import { itemsChanged } from './items-changed.js';
import { optionalToRequired } from './optional-to-required.js';
import { patternAdded } from './pattern-added.js';
import { patternChanged } from './pattern-changed.js';
import { patternRemoved } from './pattern-removed.js';
import { referenceTargetChanged } from './reference-target-changed.js';
import { requiredFieldAdded } from './required-field-added.js';
import { requiredFieldRemoved } from './required-field-removed.js';
import { requiredToOptional } from './required-to-optional.js';

export const COMPAT_RULES = [
  fieldTypeChanged,
  requiredFieldRemoved,
  fieldRemoved,
  requiredToOptional,
  optionalToRequired,
  requiredFieldAdded,
  boundChangeRule('MAX_LENGTH_DECREASED'),
  boundChangeRule('MIN_LENGTH_INCREASED'),
  boundChangeRule('MAX_DECREASED'),
  boundChangeRule('MIN_INCREASED'),
  boundChangeRule('MAX_ITEMS_DECREASED'),
  patternChanged,
  enumValueRemoved,
  enumValueAdded,
  referenceTargetChanged,
  itemsChanged,
  boundChangeRule('MAX_LENGTH_INCREASED'),
  boundChangeRule('MIN_LENGTH_DECREASED'),
  boundChangeRule('MAX_INCREASED'),
  boundChangeRule('MIN_DECREASED'),
  boundChangeRule('MAX_ITEMS_INCREASED'),
  boundChangeRule('MIN_ITEMS_INCREASED'),
  boundChangeRule('MIN_ITEMS_DECREASED'),
  patternAdded,
  patternRemoved,
] as const satisfies readonly CompatRule[];

export type CompatRuleId = (typeof COMPAT_RULES)[number]['id'];

export const COMPAT_RULE_IDS: readonly CompatRuleId[] = COMPAT_RULES.map((rule) => rule.id);

export function isCompatRuleId(value: string): value is CompatRuleId {
  return (COMPAT_RULE_IDS as readonly string[]).includes(value);
}

const BY_ID = new Map<CompatRuleId, CompatRule<CompatRuleId>>(COMPAT_RULES.map((rule) => [rule.id, rule]));

export function compatRule(id: CompatRuleId): CompatRule<CompatRuleId> {
  const rule = BY_ID.get(id);
  if (rule === undefined) throw new Error(`no compatibility rule ${id}`);
  return rule;
}
