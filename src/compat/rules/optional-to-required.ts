import { defineCompatRule } from '../compat-rule.js';
import { isRequired } from '../pair-readers/required-state.js';

export const optionalToRequired = defineCompatRule({
  id: 'OPTIONAL_TO_REQUIRED',
  description: 'An optional field became required.',
  breaks: ['BACKWARD'],
  detect(pair) {
    if (pair.before === undefined || isRequired(pair.before, pair.element) || !isRequired(pair.after, pair.element))
      return undefined;
    return {
      before: false,
      after: true,
      message: 'optional field became required: stored records without a value for it would no longer be valid',
    };
  },
});
