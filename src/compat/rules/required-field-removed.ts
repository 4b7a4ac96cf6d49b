import { defineCompatRule } from '../compat-rule.js';
import { isRequired } from '../pair-readers/required-state.js';

export const requiredFieldRemoved = defineCompatRule({
  id: 'REQUIRED_FIELD_REMOVED',
  description: 'A required field was removed.',
  breaks: ['BACKWARD', 'FORWARD'],
  platformRefuses: true,
  detect(pair) {
    if (pair.after !== undefined || !isRequired(pair.before, pair.element)) return undefined;
    return {
      before: 'required',
      message:
        'required field removed: stored records hold values for it and consumers on the old version expect it; ' +
        'the platform refuses the change: make it optional first, in an earlier version',
    };
  },
});
