/**
 * REFERENCE_CYCLE: schemas that reference each other in a loop. Each needs the next one published first
 * (docs/api-contract.md), so none of them can ever be deployed. The graph layer finds each distinct elementary cycle
 * once; it is reported on every schema in it, at the reference to the next schema, with the whole path starting from
 * that schema. A self-reference is not a cycle: the platform accepts it.
 */
import { collectReferences, type SchemaReference } from '../graph/references.js';
import type { SchemaField } from '../model/schema.js';
import type { CheckedRule } from './rule.js';
import type { SchemaView } from './schema-view.js';

export const referenceCycle: CheckedRule = {
  id: 'REFERENCE_CYCLE',
  defaultSeverity: 'error',
  description:
    'Schemas that reference each other in a cycle (a self-reference is fine); the message gives the whole path.',
  example: `# file: order.schema.yaml
externalId: order
name: Order
fields:
  - name: invoice
    fieldtype: reference
    constraints: { referencedType: invoice }
# file: invoice.schema.yaml
externalId: invoice
name: Invoice
fields:
  - name: order
    fieldtype: reference
    constraints: { referencedType: order }
`,
  details:
    'Each distinct elementary cycle is reported once on every schema in it, at its reference to the next schema, with the path starting from that schema (`order -> invoice -> order`). Schemas that only depend on a cycle are not reported here, but cannot be deployed either (`cxschema graph` shows them as blocked).',
  check(context) {
    if (context.cycles.length === 0) return;
    const schemasById = new Map<string, Array<{ schema: SchemaView; references: SchemaReference[] }>>();
    for (const schema of context.schemas) {
      if (schema.externalId === undefined) continue;
      const entry = { schema, references: collectReferences(schema.fields as SchemaField[]) };
      const list = schemasById.get(schema.externalId);
      if (list) list.push(entry);
      else schemasById.set(schema.externalId, [entry]);
    }
    for (const cycle of context.cycles) {
      cycle.forEach((id, index) => {
        const next = cycle[(index + 1) % cycle.length]!;
        const path = [...cycle.slice(index), ...cycle.slice(0, index), id].join(' -> ');
        for (const { schema, references } of schemasById.get(id) ?? []) {
          const reference = references.find((candidate) => candidate.target === next);
          if (reference === undefined) continue;
          context.report(schema.document, reference.pointer, `reference cycle: ${path}`, {
            field: reference.fieldPath,
            hint: 'each schema must be published before the ones that reference it, so none of these can be deployed: remove one of the references',
          });
        }
      });
    }
  },
};
