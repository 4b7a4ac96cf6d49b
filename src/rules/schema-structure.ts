/**
 * SCHEMA_STRUCTURE: the file's structure and scalar types against the published JSON Schema
 * (schema/cxschema.schema.json): required properties, unknown keys (at the key, with a did-you-mean), wrong
 * types, identifiers, lengths, status and compatibility values.
 */
import { checkFileFormat } from '../load/file-format-check.js';
import type { CheckedRule } from './rule.js';

export const schemaStructure: CheckedRule = {
  id: 'SCHEMA_STRUCTURE',
  defaultSeverity: 'error',
  description:
    'The file does not have the structure of a schema: a missing or unknown property, or a value of the wrong type.',
  example: `externalId: customer
name: Customer
fields:
  - name: email
    fieldType: email
    required: "yes"
`,
  check(context) {
    for (const document of context.documents) {
      for (const problem of checkFileFormat(document.value)) {
        context.report(document, problem.pointer, problem.message, {
          ...(problem.key === true ? { key: true } : {}),
          ...(problem.hint !== undefined ? { hint: problem.hint } : {}),
        });
      }
    }
  },
};
