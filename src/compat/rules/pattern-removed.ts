import type { CompatRule } from '../compat-rule.js';
import { patternPair } from './pattern-values.js';

export const patternRemoved: CompatRule = {
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
};
