import { defineCompatRule } from '../compat-rule.js';
import { patternPair } from '../pair-readers/pattern-values.js';

export const patternAdded = defineCompatRule({
  id: 'PATTERN_ADDED',
  description: 'A pattern was added to a field that had none.',
  breaks: ['BACKWARD'],
  detect(pair) {
    const patterns = patternPair(pair);
    if (patterns === undefined || patterns.before !== undefined || patterns.after === undefined) return undefined;
    return {
      after: patterns.after,
      message: `pattern ${patterns.after} added: stored values that do not match it would no longer be valid`,
    };
  },
});
