import { defineCompatRule } from '../compat-rule.js';
import { enumPair, listValues, valuesMissing } from '../pair-readers/enum-values.js';

const DISABLE_INSTEAD =
  "keep the value in constraints.enum and list it in the field's disabledValues: it is offered no more, and " +
  'records holding it keep it (docs/families.md "Disabled values")';

export const enumValueRemoved = defineCompatRule({
  id: 'ENUM_VALUE_REMOVED',
  description: 'An enum lost values, or an enum was added to a field that accepted any value.',
  breaks: ['BACKWARD'],
  // Where a family can disable a value (workitems; contacts and organizations, which never let one go, say so in
  // their own never-allowed advice), disabling it retires it without breaking the mode.
  insteadWhereValuesDisable: DISABLE_INSTEAD,
  detect(pair) {
    const values = enumPair(pair);
    if (values === undefined || values.after === undefined) return undefined;
    if (values.before === undefined) {
      return {
        after: values.after,
        message: `enum added (${listValues(values.after)}): stored values outside it would no longer be valid`,
      };
    }
    const removed = valuesMissing(values.before, values.after);
    if (removed.length === 0) return undefined;
    return {
      before: values.before,
      after: values.after,
      message: `enum value${removed.length > 1 ? 's' : ''} ${listValues(removed)} removed: stored records holding ${removed.length > 1 ? 'them' : 'it'} would no longer be valid`,
    };
  },
});
