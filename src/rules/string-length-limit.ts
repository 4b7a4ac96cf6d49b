/**
 * STRING_LENGTH_LIMIT: a maxLength over its type's cap: 1000 for string, email, phone and url, 32000 for
 * longText (docs/api-contract.md; the org's own limits when validating online, or the config's limits overrides).
 */
import { walkFields } from './field-walk.js';
import { aFieldOf } from './field-type-words.js';
import { integerConstraint } from './numeric-constraints.js';
import type { CheckedRule } from './rule.js';

export const stringLengthLimit: CheckedRule = {
  id: 'STRING_LENGTH_LIMIT',
  defaultSeverity: 'error',
  description: "A maxLength over its type's cap (1000 for string, email, phone, url; 32000 for longText).",
  example: `externalId: article
name: Article
fields:
  - name: title
    fieldtype: string
    constraints:
      maxLength: 5000
`,
  check(context) {
    for (const schema of context.schemas) {
      walkFields(schema, (node) => {
        if (node.fieldtype === undefined) return;
        const cap = context.familyOf(schema.document).maxLengthCap(node.fieldtype, schema.limits);
        const maxLength = integerConstraint(node, 'maxLength');
        if (cap === undefined || maxLength === undefined || maxLength <= cap) return;
        const hint =
          node.fieldtype === 'string' && maxLength <= schema.limits.maxLongTextLength
            ? `use fieldtype longText for text up to ${schema.limits.maxLongTextLength} characters`
            : `lower maxLength to ${cap} or less`;
        context.report(
          schema.document,
          `${node.pointer}/constraints/maxLength`,
          `maxLength ${maxLength} is over the ${cap} ${aFieldOf(node.fieldtype)} may have`,
          {
            field: node.path,
            hint,
          },
        );
      });
    }
  },
};
