/**
 * FAMILY_IDENTITY_MISMATCH: on a family that keys schemas by name (the DataSchema families), an externalId that
 * is not the identifier form of the schema's name. The org would hold the schema under its name, and the next
 * plan would not find it by this externalId (docs/families.md "Identity").
 */
import type { CheckedRule } from './rule.js';

export const familyIdentityMismatch: CheckedRule = {
  id: 'FAMILY_IDENTITY_MISMATCH',
  defaultSeverity: 'error',
  description: 'An externalId that is not the identifier form of the name, on a family that keys schemas by name.',
  example: `externalId: loans
name: Loan application
target: workitems
fields:
  - name: account
    fieldtype: identifier
`,
  check(context) {
    for (const schema of context.schemas) {
      const identityOf = context.familyOf(schema.document).externalIdOf;
      const name = schema.value['name'];
      if (identityOf === undefined || schema.externalId === undefined || typeof name !== 'string' || name === '')
        continue;
      const expected = identityOf(name);
      if (expected === schema.externalId) continue;
      context.report(
        schema.document,
        '/externalId',
        `externalId '${schema.externalId}' is not '${expected}', the identifier form of the name "${name}"`,
        {
          hint: `${context.familyOf(schema.document).label} are known by their name: write externalId: ${expected}`,
        },
      );
    }
  },
};
