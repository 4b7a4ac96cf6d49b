/**
 * FIELD_TYPE_UNKNOWN: a fieldtype (of a field or of a list's items) that is not one of the twelve of
 * docs/api-contract.md. Field types are case-sensitive (`dateTime`, `longText`), so the hint suggests the closest one.
 */
import { closestName } from '../load/closest-name.js';
import { FIELD_TYPES } from '../model/schema.js';
import { walkFields } from './field-walk.js';
import type { CheckedRule } from './rule.js';

export const fieldTypeUnknown: CheckedRule = {
  id: 'FIELD_TYPE_UNKNOWN',
  defaultSeverity: 'error',
  description: 'A fieldtype that is not one of the twelve the platform knows.',
  example: `externalId: customer
name: Customer
fields:
  - name: signup
    fieldtype: datetime
`,
  check(context) {
    for (const schema of context.schemas) {
      walkFields(schema, (node) => {
        const fieldtype = node.value['fieldtype'];
        // A missing or non-string fieldtype is a structural problem, reported by SCHEMA_STRUCTURE.
        if (typeof fieldtype !== 'string' || node.fieldtype !== undefined) return;
        const suggestion = closestName(fieldtype, FIELD_TYPES);
        context.report(schema.document, `${node.pointer}/fieldtype`, `'${fieldtype}' is not a fieldtype`, {
          field: node.path,
          hint: suggestion !== undefined ? `did you mean '${suggestion}'?` : `use one of ${FIELD_TYPES.join(', ')}`,
        });
      });
    }
  },
};
