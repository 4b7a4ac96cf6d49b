/**
 * FAMILY_DISABLED_VALUES_UNSUPPORTED: a field's `disabledValues` on a family whose wire body cannot mark an enum
 * value disabled (custom objects). Leaving the list out silently would deploy every value as enabled, the opposite
 * of what the file says (docs/families.md "Disabled values").
 */
import { walkFields } from './field-walk.js';
import type { CheckedRule } from './rule.js';

export const familyDisabledValuesUnsupported: CheckedRule = {
  id: 'FAMILY_DISABLED_VALUES_UNSUPPORTED',
  defaultSeverity: 'error',
  description: "A field's `disabledValues` on a target family that cannot disable an enum value (custom objects).",
  example: `externalId: customer
name: Customer
fields:
  - name: tier
    fieldtype: string
    constraints:
      enum: [gold, silver, bronze]
    disabledValues: [bronze]
`,
  check(context) {
    for (const schema of context.schemas) {
      const family = context.familyOf(schema.document);
      if (family.holdsDisabledValues) continue;
      walkFields(schema, (node) => {
        const listed = node.value['disabledValues'];
        // An empty list disables nothing, which is what the family does anyway (docs/families.md).
        if (listed === undefined || (Array.isArray(listed) && listed.length === 0)) return;
        context.report(
          schema.document,
          `${node.pointer}/disabledValues`,
          `fields of ${family.label} cannot disable an enum value`,
          {
            key: true,
            field: node.path,
            hint: 'remove disabledValues: only contacts, organizations and workitems schemas disable values; to stop accepting a value here, remove it from the enum',
          },
        );
      });
    }
  },
};
