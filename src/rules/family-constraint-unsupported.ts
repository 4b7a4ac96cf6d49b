/**
 * FAMILY_CONSTRAINT_UNSUPPORTED: a constraint the field's coretype cannot hold on the schema's family (a pattern
 * on text, min and max on a dateTime, an enum on a number...). Reported at the constraint's key. A coretype named
 * directly gets CONSTRAINT_NOT_APPLICABLE for constraints it never takes; this rule reports what only the
 * mapping from our types refuses, and enum values that are not text.
 */
import { isNativeCoreType } from '../model/schema.js';
import { fieldsNotHeld } from './family-field-views.js';
import type { CheckedRule } from './rule.js';

export const familyConstraintUnsupported: CheckedRule = {
  id: 'FAMILY_CONSTRAINT_UNSUPPORTED',
  defaultSeverity: 'error',
  description:
    "A constraint the field's coretype cannot hold on the schema's target family (for example a pattern on text).",
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
        if (problem.kind !== 'constraint') continue;
        if (native && problem.constraint !== 'enum') continue;
        const own = node.constraints !== undefined && problem.constraint in node.constraints;
        const pointer = own ? `${node.pointer}/constraints/${problem.constraint}` : `${node.pointer}/constraints/items`;
        context.report(schema.document, pointer, problem.message, { key: true, field: node.path, hint: problem.hint });
      }
    }
  },
};
