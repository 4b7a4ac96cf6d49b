/**
 * COLLECTION_ITEMS_MISSING: a list without the type of its items, or an object without its fields
 * (docs/api-contract.md: items is required for both).
 */
import { walkFields } from './field-walk.js';
import type { CheckedRule } from './rule.js';

export const collectionItemsMissing: CheckedRule = {
  id: 'COLLECTION_ITEMS_MISSING',
  defaultSeverity: 'error',
  description: 'A list or object field without constraints.items.',
  example: `externalId: order
name: Order
fields:
  - name: lines
    fieldtype: list
`,
  check(context) {
    for (const schema of context.schemas) {
      walkFields(schema, (node) => {
        if ((node.fieldtype !== 'list' && node.fieldtype !== 'object') || node.constraints?.['items'] !== undefined)
          return;
        // A list of lists is not allowed at all: SCHEMA_STRUCTURE says so.
        if (node.listItem && node.fieldtype === 'list') return;
        const shape =
          node.fieldtype === 'list'
            ? '{ fieldtype: <the type of each item>, constraints: {...} }'
            : '{ fields: [<the nested fields>] }';
        context.report(schema.document, node.pointer, `${node.fieldtype} field '${node.path}' has no items`, {
          field: node.path,
          hint: `add constraints: { items: ${shape} }`,
        });
      });
    }
  },
};
