/**
 * EXTERNAL_ID_DUPLICATE: two files declare one externalId. The externalId is the schema's key in the org
 * (docs/api-contract.md), so two files would overwrite each other's versions on every deploy. Reported on every file
 * involved, each naming the others.
 */
import type { CheckedRule } from './rule.js';
import type { SchemaView } from './schema-view.js';

export const externalIdDuplicate: CheckedRule = {
  id: 'EXTERNAL_ID_DUPLICATE',
  defaultSeverity: 'error',
  description: 'Two files declare the same externalId.',
  example: `# file: customer.schema.yaml
externalId: customer
name: Customer
fields:
  - name: email
    fieldtype: email
# file: customer-copy.schema.yaml
externalId: customer
name: Customer (copy)
fields:
  - name: email
    fieldtype: email
`,
  check(context) {
    const byId = new Map<string, SchemaView[]>();
    for (const schema of context.schemas) {
      if (schema.externalId === undefined) continue;
      const list = byId.get(schema.externalId);
      if (list) list.push(schema);
      else byId.set(schema.externalId, [schema]);
    }
    for (const [externalId, schemas] of byId) {
      if (schemas.length < 2) continue;
      for (const schema of schemas) {
        const others = schemas
          .filter((other) => other !== schema)
          .map((other) => {
            const position = other.document.locate('/externalId');
            return `${other.document.file}:${position.line}`;
          });
        context.report(
          schema.document,
          '/externalId',
          `externalId '${externalId}' is also declared in ${others.join(', ')}`,
          {
            hint: 'each schema needs its own externalId: rename one, or delete the copy',
          },
        );
      }
    }
  },
};
