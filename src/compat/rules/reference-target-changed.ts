import { defineCompatRule } from '../compat-rule.js';
import { sameTypePair } from '../pair-readers/same-type-pair.js';

export const referenceTargetChanged = defineCompatRule({
  id: 'REFERENCE_TARGET_CHANGED',
  description: "A reference field's referencedType changed.",
  breaks: ['BACKWARD', 'FORWARD'],
  detect(pair) {
    const both = sameTypePair(pair);
    if (both === undefined || both.before.fieldtype !== 'reference') return undefined;
    const before = both.before.constraints?.referencedType;
    const after = both.after.constraints?.referencedType;
    if (before === after) return undefined;
    return {
      before,
      after,
      message: `referencedType changed from ${String(before)} to ${String(after)}: stored references point at records of the old type`,
    };
  },
});
