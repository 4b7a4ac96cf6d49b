import { defineCompatRule } from '../compat-rule.js';

export const fieldTypeChanged = defineCompatRule({
  id: 'FIELD_TYPE_CHANGED',
  description: "An existing field's fieldtype changed.",
  breaks: ['BACKWARD', 'FORWARD'],
  detect(pair) {
    const { before, after } = pair;
    if (pair.element || before === undefined || after === undefined || before.fieldtype === after.fieldtype)
      return undefined;
    return {
      before: before.fieldtype,
      after: after.fieldtype,
      // The reason alone: whether the platform takes it depends on the family (a workitem schema does), the hint says.
      message: `fieldtype changed from ${before.fieldtype} to ${after.fieldtype}: values of one type are not values of the other`,
    };
  },
});
