import { defineCompatRule } from '../compat-rule.js';
import { enumPair, listValues, valuesMissing } from '../pair-readers/enum-values.js';

export const enumValueAdded = defineCompatRule({
  id: 'ENUM_VALUE_ADDED',
  description: "An enum gained values, or a field's enum was removed.",
  breaks: ['FORWARD'],
  detect(pair) {
    const values = enumPair(pair);
    if (values === undefined || values.before === undefined) return undefined;
    if (values.after === undefined) {
      return {
        before: values.before,
        message: 'enum removed: new records may hold any value, which consumers on the old version do not expect',
      };
    }
    const added = valuesMissing(values.after, values.before);
    if (added.length === 0) return undefined;
    return {
      before: values.before,
      after: values.after,
      message: `enum value${added.length > 1 ? 's' : ''} ${listValues(added)} added: consumers on the old version do not know ${added.length > 1 ? 'them' : 'it'}`,
    };
  },
});
