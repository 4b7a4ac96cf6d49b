/**
 * FAMILY_TITLE_UNSUPPORTED: a display title on a family whose wire body has no place for one (custom objects): a
 * schema's `title`, a field's `title` or its `enumTitles`. Sending it would be refused, and leaving it out silently
 * would lose what the file says (docs/families.md "Titles").
 */
import { walkFields } from './field-walk.js';
import type { CheckedRule } from './rule.js';

export const familyTitleUnsupported: CheckedRule = {
  id: 'FAMILY_TITLE_UNSUPPORTED',
  defaultSeverity: 'error',
  description:
    "A title (a schema's or a field's `title`, a field's `enumTitles`) on a target family that holds none (custom objects).",
  example: `externalId: customer
name: Customer
fields:
  - name: tier
    fieldtype: string
    title: Support tier
`,
  check(context) {
    for (const schema of context.schemas) {
      const family = context.familyOf(schema.document);
      if (family.holdsTitles) continue;
      const hint = 'remove it: only contacts, organizations and workitems schemas hold titles';
      if (schema.value['title'] !== undefined)
        context.report(schema.document, '/title', `${family.label} have no title besides their name`, {
          key: true,
          hint,
        });
      walkFields(schema, (node) => {
        for (const key of ['title', 'enumTitles'] as const) {
          if (node.value[key] === undefined) continue;
          context.report(schema.document, `${node.pointer}/${key}`, `fields of ${family.label} have no ${key}`, {
            key: true,
            field: node.path,
            hint,
          });
        }
      });
    }
  },
};
