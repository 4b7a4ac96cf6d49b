/** Every compatibility rule, one line each (ids are a contract: docs/compatibility.md). */
import type { CompatRule } from '../compat-rule.js';
import type { CompatRuleId } from '../rule-ids.js';
import { enumValueAdded } from './enum-value-added.js';
import { enumValueRemoved } from './enum-value-removed.js';
import { fieldRemoved } from './field-removed.js';
import { fieldTypeChanged } from './field-type-changed.js';
import { itemsChanged } from './items-changed.js';
import { maxDecreased } from './max-decreased.js';
import { maxIncreased } from './max-increased.js';
import { maxItemsDecreased } from './max-items-decreased.js';
import { maxItemsIncreased } from './max-items-increased.js';
import { maxLengthDecreased } from './max-length-decreased.js';
import { maxLengthIncreased } from './max-length-increased.js';
import { minDecreased } from './min-decreased.js';
import { minIncreased } from './min-increased.js';
import { minItemsDecreased } from './min-items-decreased.js';
import { minItemsIncreased } from './min-items-increased.js';
import { minLengthDecreased } from './min-length-decreased.js';
import { minLengthIncreased } from './min-length-increased.js';
import { optionalToRequired } from './optional-to-required.js';
import { patternAdded } from './pattern-added.js';
import { patternChanged } from './pattern-changed.js';
import { patternRemoved } from './pattern-removed.js';
import { referenceTargetChanged } from './reference-target-changed.js';
import { requiredFieldAdded } from './required-field-added.js';
import { requiredFieldRemoved } from './required-field-removed.js';
import { requiredToOptional } from './required-to-optional.js';

export const COMPAT_RULES: readonly CompatRule[] = [
  fieldTypeChanged,
  requiredFieldRemoved,
  fieldRemoved,
  requiredToOptional,
  optionalToRequired,
  requiredFieldAdded,
  maxLengthDecreased,
  minLengthIncreased,
  maxDecreased,
  minIncreased,
  maxItemsDecreased,
  patternChanged,
  enumValueRemoved,
  enumValueAdded,
  referenceTargetChanged,
  itemsChanged,
  maxLengthIncreased,
  minLengthDecreased,
  maxIncreased,
  minDecreased,
  maxItemsIncreased,
  minItemsIncreased,
  minItemsDecreased,
  patternAdded,
  patternRemoved,
];

const BY_ID = new Map<CompatRuleId, CompatRule>(COMPAT_RULES.map((rule) => [rule.id, rule]));

export function compatRule(id: CompatRuleId): CompatRule {
  const rule = BY_ID.get(id);
  if (rule === undefined) throw new Error(`no compatibility rule ${id}`);
  return rule;
}
