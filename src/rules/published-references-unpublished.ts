/**
 * PUBLISHED_REFERENCES_UNPUBLISHED: a schema to be PUBLISHED (the default status) references one that will be
 * DRAFT or DEPRECATED. The platform refuses a published version whose targets are not published (docs/api-contract.md).
 * The target's status is its file's in the set; for a schema only in the org (online), the org's.
 */
import type { SchemaStatus } from '../model/schema.js';
import { walkFields } from './field-walk.js';
import type { CheckedRule } from './rule.js';

export const publishedReferencesUnpublished: CheckedRule = {
  id: 'PUBLISHED_REFERENCES_UNPUBLISHED',
  defaultSeverity: 'error',
  description: 'A schema to be PUBLISHED references a schema that will be DRAFT or DEPRECATED.',
  example: `# file: order.schema.yaml
externalId: order
name: Order
fields:
  - name: coupon
    fieldtype: reference
    constraints: { referencedType: coupon }
# file: coupon.schema.yaml
externalId: coupon
name: Coupon
status: DRAFT
fields:
  - { name: code, fieldtype: string }
`,
  check(context) {
    // The set's files say what each schema will be; the org only speaks for schemas the set does not hold.
    const statusById = new Map<string, { status: SchemaStatus; where: string }>();
    for (const schema of context.schemas) {
      if (schema.externalId === undefined || schema.status === undefined || statusById.has(schema.externalId)) continue;
      statusById.set(schema.externalId, { status: schema.status, where: `in ${schema.document.file}` });
    }
    for (const [externalId, remote] of context.remoteSchemas ?? []) {
      if (!statusById.has(externalId)) statusById.set(externalId, { status: remote.status, where: 'in the org' });
    }
    for (const schema of context.schemas) {
      if (schema.status !== 'PUBLISHED') continue;
      walkFields(schema, (node) => {
        const target = node.constraints?.['referencedType'];
        if (node.fieldtype !== 'reference' || typeof target !== 'string' || target === schema.externalId) return;
        const found = statusById.get(target);
        if (found === undefined || found.status === 'PUBLISHED') return;
        context.report(
          schema.document,
          `${node.pointer}/constraints/referencedType`,
          `'${schema.externalId ?? schema.document.file}' will be PUBLISHED but references '${target}', which is ${found.status} ${found.where}`,
          { field: node.path, hint: `publish '${target}' too, or keep this schema in DRAFT (status: DRAFT)` },
        );
      });
    }
  },
};
