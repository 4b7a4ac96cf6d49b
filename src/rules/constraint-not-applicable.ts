/**
 * CONSTRAINT_NOT_APPLICABLE: a constraint the field's type does not accept (the API contract's SchemaField table: e.g.
 * a pattern on an email, maxLength on a number, items on a string). Reported at the constraint's key.
 */
import { CONSTRAINT_NAMES, FIELD_TYPE_FACTS } from '../model/field-types.js';
import { walkFields } from './field-walk.js';
import { aFieldOf } from './field-type-words.js';
import type { CheckedRule } from './rule.js';

const CONSTRAINT_KEYS: ReadonlySet<string> = new Set<string>(CONSTRAINT_NAMES);

export const constraintNotApplicable: CheckedRule = {
  id: 'CONSTRAINT_NOT_APPLICABLE',
  defaultSeverity: 'error',
  description: "A constraint that the field's type does not accept (for example a pattern on an email field).",
  example: `externalId: customer
name: Customer
fields:
  - name: email
    fieldtype: email
    constraints:
      pattern: "^.+@example[.]com$"
`,
  check(context) {
    for (const schema of context.schemas) {
      walkFields(schema, (node) => {
        if (node.fieldtype === undefined || node.constraints === undefined) return;
        const accepted = FIELD_TYPE_FACTS[node.fieldtype].constraints as readonly string[];
        for (const name of Object.keys(node.constraints)) {
          // Unknown constraint names are SCHEMA_STRUCTURE's.
          if (!CONSTRAINT_KEYS.has(name) || accepted.includes(name)) continue;
          context.report(
            schema.document,
            `${node.pointer}/constraints/${name}`,
            `'${name}' does not apply to ${aFieldOf(node.fieldtype)}`,
            {
              key: true,
              field: node.path,
              hint:
                accepted.length > 0
                  ? `${aFieldOf(node.fieldtype)} accepts ${accepted.join(', ')}`
                  : `${aFieldOf(node.fieldtype)} takes no constraints`,
            },
          );
        }
      });
    }
  },
};
