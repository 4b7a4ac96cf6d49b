import { defineCompatRule } from '../compat-rule.js';
import { isRequired } from '../pair-readers/required-state.js';

export const requiredToOptional = defineCompatRule({
  id: 'REQUIRED_TO_OPTIONAL',
  description: 'A required field became optional.',
  breaks: ['FORWARD'],
  detect(pair) {
    if (pair.after === undefined || !isRequired(pair.before, pair.element) || isRequired(pair.after, pair.element))
      return undefined;
    return {
      before: true,
      after: false,
      message:
        'required field became optional: new records may omit it, which consumers on the old version do not expect',
    };
  },
});
