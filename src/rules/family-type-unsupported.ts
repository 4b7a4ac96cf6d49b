/**
 * FAMILY_TYPE_UNSUPPORTED: a fieldtype the schema's family has no coretype for (docs/families.md "Types"), such
 * as an email, a reference or an object on a workitem schema. Refused offline, before anything is sent.
 */
import type { CheckedRule } from './rule.js';
import { fieldsNotHeld } from './family-field-views.js';

export const familyTypeUnsupported: CheckedRule = {
  id: 'FAMILY_TYPE_UNSUPPORTED',
  defaultSeverity: 'error',
  description: "A fieldtype the schema's target family cannot hold (for example an email on a workitem schema).",
  example: `externalId: loan_application
name: Loan application
target: workitems
fields:
  - name: applicant_email
    fieldtype: email
`,
  details:
    'The DataSchema families (contacts, organizations, workitems) hold the coretypes text, longtext, url, identifier, enum, date, datetime, integer, number, checkbox and tag. Our types map onto them where one says the same thing (docs/families.md); email, phone, reference, file, object and lists of anything but short strings have no coretype.',
  check(context) {
    for (const { schema, node, problems } of fieldsNotHeld(context)) {
      for (const problem of problems) {
        if (problem.kind !== 'type') continue;
        context.report(
          schema.document,
          `${node.pointer}/fieldtype`,
          `${problem.message} on ${context.familyOf(schema.document).label}`,
          {
            field: node.path,
            hint: problem.hint,
          },
        );
      }
    }
  },
};
