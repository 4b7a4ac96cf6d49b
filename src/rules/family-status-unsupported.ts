/**
 * FAMILY_STATUS_UNSUPPORTED: a status the schema's family cannot express: DRAFT on the DataSchema families, whose
 * schemas are only enabled (PUBLISHED) or disabled (DEPRECATED).
 */
import type { CheckedRule } from './rule.js';

export const familyStatusUnsupported: CheckedRule = {
  id: 'FAMILY_STATUS_UNSUPPORTED',
  defaultSeverity: 'error',
  description: "A status the schema's target family cannot express (DRAFT on contacts, organizations and workitems).",
  example: `externalId: loan_application
name: Loan application
target: workitems
status: DRAFT
fields:
  - name: account
    fieldtype: identifier
`,
  check(context) {
    for (const schema of context.schemas) {
      if (schema.status === undefined) continue;
      const family = context.familyOf(schema.document);
      if (family.lifecycle.statuses.includes(schema.status)) continue;
      context.report(schema.document, '/status', `${family.label} cannot be ${schema.status}`, {
        hint: `use one of ${family.lifecycle.statuses.join(', ')} (PUBLISHED: enabled, DEPRECATED: disabled)`,
      });
    }
  },
};
