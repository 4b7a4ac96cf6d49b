import { defineCompatRule } from '../compat-rule.js';
import { isRequired } from '../pair-readers/required-state.js';

export const requiredFieldAdded = defineCompatRule({
  id: 'REQUIRED_FIELD_ADDED',
  description: 'A required field was added.',
  breaks: ['BACKWARD'],
  detect(pair) {
    if (pair.before !== undefined || !isRequired(pair.after, pair.element)) return undefined;
    return {
      after: 'required',
      message:
        'required field added: stored records have no value for it and would no longer be valid; add it as optional',
    };
  },
});
