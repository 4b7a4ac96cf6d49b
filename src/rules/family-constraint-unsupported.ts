/**
 * FAMILY_CONSTRAINT_UNSUPPORTED: a constraint the field's coretype cannot hold on the schema's family (a pattern
 * on text, min and max on a dateTime, an enum on a number...). Reported at the constraint's key. A coretype named
 * directly gets CONSTRAINT_NOT_APPLICABLE for constraints it never takes; this rule reports what only the
 * mapping from our types refuses, and enum values that are not text. It also reports, at the value, a constraint
 * the coretype holds whose value is outside the coretype's published range (a maxLength of 0, 51 enum values, a
 * fractional integer bound: docs/targets.md "Coretypes"), which the platform refuses with a 400; and, likewise at
 * the value, a field's description longer than the family's limits allow (docs/targets.md "Limits"): the rule for
 * a value the family cannot hold, though the file format takes it.
 */
import { isNativeCoreType } from '../model/schema.js';
import { fieldsNotHeld } from './family-field-views.js';
import type { CheckedRule } from './rule.js';

export const familyConstraintUnsupported: CheckedRule = {
  id: 'FAMILY_CONSTRAINT_UNSUPPORTED',
  defaultSeverity: 'error',
  description:
    "A constraint the field's coretype cannot hold on the schema's target family (for example a pattern on text), or a value outside the coretype's range or the family's limits (a field's description over 500 characters).",
  example: `externalId: loan_application
name: Loan application
target: workitems
fields:
  - name: account
    fieldtype: string
    constraints:
      pattern: "^[0-9]{8}$"
`,
  check(context) {
    for (const { schema, node, problems } of fieldsNotHeld(context)) {
      const native = isNativeCoreType(node.fieldtype!);
      for (const problem of problems) {
        if (problem.kind === 'value') {
          context.report(schema.document, `${node.pointer}/${problem.property}`, problem.message, {
            field: node.path,
            hint: problem.hint,
          });
          continue;
        }
        if (problem.kind !== 'constraint') continue;
        // A coretype named directly gets CONSTRAINT_NOT_APPLICABLE for what it never holds; a value out of range
        // is this rule's whatever the type is called.
        if (native && problem.constraint !== 'enum' && problem.outOfRange !== true) continue;
        const own = node.constraints !== undefined && problem.constraint in node.constraints;
        const pointer = own ? `${node.pointer}/constraints/${problem.constraint}` : `${node.pointer}/constraints/items`;
        context.report(schema.document, pointer, problem.message, {
          key: problem.outOfRange !== true,
          field: node.path,
          hint: problem.hint,
        });
      }
    }
  },
};
