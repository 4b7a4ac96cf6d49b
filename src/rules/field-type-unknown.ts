/**
 * FIELD_TYPE_UNKNOWN: a fieldtype (of a field or of a list's items) that the schema's family does not know: the
 * twelve of docs/api-contract.md on custom objects, the coretypes and their counterparts (docs/families.md) on the
 * DataSchema families. Field types are case-sensitive (`dateTime`, `longText`), so the hint suggests the closest one.
 */
import { closestName } from '../load/closest-name.js';
import { nonAsciiNote, quoted } from '../model/characters.js';
import { walkFields } from './field-walk.js';
import type { CheckedRule } from './rule.js';

export const fieldTypeUnknown: CheckedRule = {
  id: 'FIELD_TYPE_UNKNOWN',
  defaultSeverity: 'error',
  description: "A fieldtype that the schema's family does not know.",
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
        const family = context.familyOf(schema.document);
        const suggestion = closestName(fieldtype, family.fieldTypes);
        const hint =
          suggestion !== undefined ? `did you mean '${suggestion}'?` : `use one of ${family.fieldTypes.join(', ')}`;
        // `strіng` with a Cyrillic і reads as `string`: the hint says which character differs.
        const note = nonAsciiNote(fieldtype);
        context.report(schema.document, `${node.pointer}/fieldtype`, `${quoted(fieldtype)} is not a fieldtype`, {
          field: node.path,
          hint: note === undefined ? hint : `${hint} (${note})`,
        });
      });
    }
  },
};
