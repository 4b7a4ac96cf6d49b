import { defineCompatRule } from '../compat-rule.js';
import { patternPair } from '../pair-readers/pattern-values.js';

export const patternChanged = defineCompatRule({
  id: 'PATTERN_CHANGED',
  description: 'A pattern was replaced by a different one.',
  // Whether one regular expression accepts a subset of another's language cannot be decided in general, so a
  // replaced pattern is taken to break both directions.
  breaks: ['BACKWARD', 'FORWARD'],
  detect(pair) {
    const patterns = patternPair(pair);
    if (patterns?.before === undefined || patterns.after === undefined || patterns.before === patterns.after)
      return undefined;
    return {
      before: patterns.before,
      after: patterns.after,
      message: `pattern changed from ${patterns.before} to ${patterns.after}: values matching one need not match the other`,
    };
  },
});
