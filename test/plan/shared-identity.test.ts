/**
 * A schema of the org listed for the others that share its externalId (a DataSchema family's names with one
 * identifier form): its history is never read, so that a transitive mode plans the rest of the family, and it
 * counts as every schema it stands for against the org's schema limit.
 */
import { describe, expect, it } from 'vitest';
import type { SchemaDocument } from '../../src/model/document.js';
import { orgSchemaLimitFindings } from '../../src/plan/org-schema-limit.js';
import { schemasNeedingHistory } from '../../src/plan/prepare-plan.js';
import { definition, remote, snapshot, text } from '../support/schema-builders.js';

const shared = remote('loan_application', [text('a')], 1, 'PUBLISHED', { sharedWith: ['Loan-Application'] });
const other = remote('other', [text('a')], 1);

describe('a schema whose externalId others share', () => {
  it('has no history read, where every other changed schema under a transitive mode has', () => {
    const changed = [
      definition('loan_application', [text('a'), text('b')]),
      definition('other', [text('a'), text('b')]),
    ];
    const needed = schemasNeedingHistory(
      changed.map((d) => ({ file: `${d.externalId}.yaml`, definition: d })),
      snapshot([shared, other]),
      { compatibility: { mode: 'BACKWARD_TRANSITIVE', ignore: [] } },
    );
    expect(needed).toEqual(['other']);
  });

  it('counts as every schema it stands for against the org schema limit', () => {
    const created = definition('brand_new', [text('a')]);
    const document = {
      file: 'brand_new.yaml',
      definition: created,
      locate: () => ({ line: 1, column: 13 }),
    } as unknown as SchemaDocument;
    const org = { ...snapshot([shared, other]), limits: { ...snapshot([]).limits, maxSchemasPerOrg: 3 } };
    const findings = orgSchemaLimitFindings([document], org);
    expect(findings.map((finding) => finding.message)).toEqual([
      "creating brand_new would go past the org's limit of 3 schemas: the org holds 3, these files create 1, 1 too many",
    ]);
  });
});
