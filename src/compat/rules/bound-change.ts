/**
 * The constraint rules that compare one numeric bound between versions (lengths, minimum and maximum, item
 * counts) share this definition; each rule file names its constraint, direction and consequence.
 */
import { FIELD_TYPE_FACTS } from '../../model/field-types.js';
import { describeBound, effectiveBound, type BoundConstraint } from '../bounds.js';
import type { CompatDirection, CompatRule } from '../compat-rule.js';
import type { CompatRuleId } from '../rule-ids.js';
import { sameTypePair } from './same-type-pair.js';

export function boundChangeRule(options: {
  id: CompatRuleId;
  description: string;
  breaks: readonly CompatDirection[];
  constraint: BoundConstraint;
  change: 'increased' | 'decreased';
  /** Why it matters, completing "<constraint> <change> from A to B: ...". */
  consequence: string;
}): CompatRule {
  const { constraint, change } = options;
  return {
    id: options.id,
    description: options.description,
    breaks: options.breaks,
    detect(pair) {
      const both = sameTypePair(pair);
      if (both === undefined) return undefined;
      const facts = FIELD_TYPE_FACTS[both.before.fieldtype];
      if (facts === undefined || !facts.constraints.includes(constraint)) return undefined;
      const before = effectiveBound(both.before, constraint);
      const after = effectiveBound(both.after, constraint);
      if (before === undefined || after === undefined) return undefined;
      const moved = change === 'decreased' ? after.order < before.order : after.order > before.order;
      if (!moved) return undefined;
      const type = both.before.fieldtype;
      return {
        before: before.shown,
        after: after.shown,
        message: `${constraint} ${change} from ${describeBound(before, type)} to ${describeBound(after, type)}: ${options.consequence}`,
      };
    },
  };
}
