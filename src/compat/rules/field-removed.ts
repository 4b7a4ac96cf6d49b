import { defineCompatRule } from '../compat-rule.js';
import { isRequired } from '../pair-readers/required-state.js';

export const fieldRemoved = defineCompatRule({
  id: 'FIELD_REMOVED',
  description: 'An optional field was removed.',
  breaks: ['BACKWARD'],
  detect(pair) {
    if (pair.element || pair.before === undefined || pair.after !== undefined || isRequired(pair.before, false))
      return undefined;
    return {
      before: pair.before.fieldtype,
      message: 'optional field removed: values stored in it are no longer part of any valid record',
    };
  },
});
