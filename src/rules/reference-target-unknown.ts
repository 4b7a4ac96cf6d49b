/**
 * REFERENCE_TARGET_UNKNOWN: a referencedType that is neither a system object type (the platform's, the
 * config's systemObjects, the org's when online) nor a schema in the set being validated (nor, online, in the
 * org). The platform would refuse it (docs/api-contract.md: customobjects.schema.reference.invalid).
 */
import { closestName } from '../load/closest-name.js';
import { quoted } from '../model/characters.js';
import { walkFields } from './field-walk.js';
import type { CheckedRule } from './rule.js';

export const referenceTargetUnknown: CheckedRule = {
  id: 'REFERENCE_TARGET_UNKNOWN',
  defaultSeverity: 'error',
  description: 'A referencedType that is neither a system object nor a schema in the set (nor, online, in the org).',
  example: `externalId: order
name: Order
fields:
  - name: customer
    fieldtype: reference
    constraints:
      referencedType: custmer
`,
  check(context) {
    const known = new Set<string>(context.systemObjects);
    for (const schema of context.schemas) if (schema.externalId !== undefined) known.add(schema.externalId);
    for (const externalId of context.remoteSchemas?.keys() ?? []) known.add(externalId);
    for (const schema of context.schemas) {
      walkFields(schema, (node) => {
        const target = node.constraints?.['referencedType'];
        if (node.fieldtype !== 'reference' || typeof target !== 'string' || known.has(target)) return;
        const suggestion = closestName(target, known);
        const where = context.remoteSchemas ? 'the set or the org' : 'the set';
        context.report(
          schema.document,
          `${node.pointer}/constraints/referencedType`,
          target === ''
            ? 'referencedType is empty'
            : `referencedType ${quoted(target)} is neither a system object nor a schema in ${where}`,
          {
            field: node.path,
            hint:
              suggestion !== undefined
                ? `did you mean '${suggestion}'?`
                : context.remoteSchemas
                  ? 'add the schema to the set, or name the system object under systemObjects in cxschema.config.yaml'
                  : 'add the schema to the set, name the system object under systemObjects in cxschema.config.yaml, or run validate --online if the org already holds it',
          },
        );
      });
    }
  },
};
