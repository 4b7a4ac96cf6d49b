import { defineCompatRule } from '../compat-rule.js';
import { patternPair } from '../pair-readers/pattern-values.js';

export const patternRemoved = defineCompatRule({
  id: 'PATTERN_REMOVED',
  description: "A field's pattern was removed.",
  breaks: ['FORWARD'],
  detect(pair) {
    const patterns = patternPair(pair);
    if (patterns === undefined || patterns.before === undefined || patterns.after !== undefined) return undefined;
    return {
      before: patterns.before,
      message: `pattern ${patterns.before} removed: new values need not match what consumers on the old version accept`,
    };
  },
});
