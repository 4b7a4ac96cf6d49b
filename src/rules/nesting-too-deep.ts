/**
 * NESTING_TOO_DEEP: objects nested more than 3 levels (docs/api-contract.md). A top-level object field is level 1, an
 * object inside it level 2, and so on; a list of objects counts like an object. Reported once, at the outermost object
 * that goes past the limit.
 */
import { walkFields } from './field-walk.js';
import type { CheckedRule } from './rule.js';

export const nestingTooDeep: CheckedRule = {
  id: 'NESTING_TOO_DEEP',
  defaultSeverity: 'error',
  description: 'Object fields nested more than 3 levels deep.',
  example: `externalId: deep
name: Deep
fields:
  - name: a
    fieldtype: object
    constraints:
      items:
        fields:
          - name: b
            fieldtype: object
            constraints:
              items:
                fields:
                  - name: c
                    fieldtype: object
                    constraints:
                      items:
                        fields:
                          - name: d
                            fieldtype: object
                            constraints:
                              items:
                                fields:
                                  - { name: e, fieldtype: string }
`,
  details:
    'A top-level object field is level 1, an object inside it level 2, an object inside that level 3: fields of a level-3 object are fine, a fourth object level is not. A list of objects counts like an object. The limit follows `limits.maxNestingDepth`.',
  check(context) {
    for (const schema of context.schemas) {
      const limit = schema.limits.maxNestingDepth;
      walkFields(schema, (node) => {
        if (node.fieldtype !== 'object' || node.depth !== limit) return;
        context.report(
          schema.document,
          node.pointer,
          `object '${node.path}' is nested ${limit + 1} levels deep, over the platform's ${limit}`,
          {
            field: node.path,
            hint: 'flatten the structure, or move the inner object to a schema of its own and reference it',
          },
        );
      });
    }
  },
};
