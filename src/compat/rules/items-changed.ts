import { defineCompatRule } from '../compat-rule.js';

/**
 * A list's element changed type (list of string to list of number). Changes further inside items (an
 * element's constraints, an object's nested fields) are reported by the other rules at their full path
 * (`tags[]`, `address.street`) and marked insideItems.
 */
export const itemsChanged = defineCompatRule({
  id: 'ITEMS_CHANGED',
  description:
    "A list's element type changed; changes inside items are reported by the other rules, marked as inside items.",
  breaks: ['BACKWARD', 'FORWARD'],
  detect(pair) {
    const { before, after } = pair;
    if (!pair.element || before === undefined || after === undefined || before.fieldtype === after.fieldtype)
      return undefined;
    return {
      before: before.fieldtype,
      after: after.fieldtype,
      message: `list element type changed from ${before.fieldtype} to ${after.fieldtype}: stored items are not values of the new type`,
    };
  },
});
