import { defineCompatRule } from '../compat-rule.js';
import { isRequired } from '../pair-readers/required-state.js';

export const requiredFieldRemoved = defineCompatRule({
  id: 'REQUIRED_FIELD_REMOVED',
  description: 'A required field was removed.',
  breaks: ['BACKWARD', 'FORWARD'],
  detect(pair) {
    if (pair.after !== undefined || !isRequired(pair.before, pair.element)) return undefined;
    return {
      before: 'required',
      // The reason alone: whether the platform takes it, and what to do instead, depend on the family (the hint).
      message: 'required field removed: stored records hold values for it and consumers on the old version expect it',
    };
  },
});
