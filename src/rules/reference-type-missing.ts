/**
 * REFERENCE_TYPE_MISSING: a reference field (or a list of references) without constraints.referencedType: the
 * platform cannot know what it points to (docs/api-contract.md: referencedType is required).
 */
import { walkFields } from './field-walk.js';
import type { CheckedRule } from './rule.js';

export const referenceTypeMissing: CheckedRule = {
  id: 'REFERENCE_TYPE_MISSING',
  defaultSeverity: 'error',
  description: 'A reference field without constraints.referencedType.',
  example: `externalId: order
name: Order
fields:
  - name: customer
    fieldtype: reference
`,
  check(context) {
    for (const schema of context.schemas) {
      walkFields(schema, (node) => {
        if (node.fieldtype !== 'reference' || node.constraints?.['referencedType'] !== undefined) return;
        context.report(schema.document, node.pointer, `reference field '${node.path}' has no referencedType`, {
          field: node.path,
          hint: 'add constraints: { referencedType: <a schema externalId or a system object such as contact> }',
        });
      });
    }
  },
};
