/**
 * FIELD_NAME_DUPLICATE: two fields with one name in the same parent (the top level, or one object's items).
 * The platform refuses it (docs/api-contract.md: a name is unique within its parent); the second and later ones are
 * reported, pointing back at the first.
 */
import { walkFields } from './field-walk.js';
import type { CheckedRule } from './rule.js';

export const fieldNameDuplicate: CheckedRule = {
  id: 'FIELD_NAME_DUPLICATE',
  defaultSeverity: 'error',
  description: 'Two fields in the same parent have the same name.',
  example: `externalId: customer
name: Customer
fields:
  - name: email
    fieldtype: email
  - name: email
    fieldtype: string
`,
  check(context) {
    for (const schema of context.schemas) {
      // Parent pointer -> name -> the first field's pointer (located only when there is a duplicate to report).
      const firstSeen = new Map<string, Map<string, string>>();
      walkFields(schema, (node) => {
        if (node.listItem || node.name === undefined) return;
        const parent = node.pointer.slice(0, node.pointer.lastIndexOf('/'));
        let names = firstSeen.get(parent);
        if (!names) firstSeen.set(parent, (names = new Map<string, string>()));
        const first = names.get(node.name);
        if (first === undefined) {
          names.set(node.name, `${node.pointer}/name`);
          return;
        }
        const firstLine = schema.document.locate(first).line;
        context.report(
          schema.document,
          `${node.pointer}/name`,
          `field '${node.path}' is declared twice in the same parent (first on line ${firstLine})`,
          {
            field: node.path,
            hint: 'rename or remove one of them',
          },
        );
      });
    }
  },
};
