/**
 * A DataSchema org's own /limits, checked online at the org's values and placed at the value at fault: the lengths
 * of names, titles and descriptions (ORG_TEXT_LIMIT), the fields of the whole org (ORG_FIELD_LIMIT), and the counts
 * the rules already check, each finding naming the limit and where it was read. The emulator answers /limits with
 * values lower than the defaults, so that offline validation finds nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKITEMS_FAMILY, CONTACTS_FAMILY, ORGANIZATIONS_FAMILY } from '../../src/family/index.js';
import { limitsFrom } from '../../src/genesys/data-schema-target.js';
import { defaultConfig } from '../../src/load/config-loader.js';
import { DEFAULT_QUANTITY_LIMITS } from '../../src/model/quantity-limits.js';
import { restoredFindings } from '../../src/org/restored-findings.js';
import { validateAgainstOrg } from '../../src/plan/validate-against-org.js';
import { validatePaths } from '../../src/rules/validate.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { familyClient, startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';

let org: FamilyOrg | undefined;
let dir: string | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const SOURCE = 'GET /api/v2/taskmanagement/workitems/schemas/limits';

const ticket = `externalId: support_ticket_for_the_team
name: Support ticket for the team
target: workitems
description: Tickets that the support team works on
fields:
  - name: customer_reference
    fieldtype: string
  - name: notes
    fieldtype: longText
    title: Notes written by the agent on call
    description: Whatever the caller said that matters later
  - name: ok
    fieldtype: boolean
`;

async function folder(files: Record<string, string>): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-ds-limits-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** The files of `cwd` validated against the org, with the default config unless another is given. */
async function findingsOnline(
  cwd: string,
  target: Parameters<typeof validateAgainstOrg>[0]['target'],
  config = defaultConfig(cwd),
): Promise<Diagnostic[]> {
  const { validation } = await validateAgainstOrg({ paths: [], cwd, config, target, orgDomain: 'emulator' });
  return validation.diagnostics;
}

describe("a DataSchema org's /limits, online", () => {
  it('find every name, title and description past its bound, at its value, with the limit and its source', async () => {
    org = await startFamilyOrg(WORKITEMS_FAMILY, {
      dataSchemaLimits: {
        workitems: {
          maxSchemaNameCharacters: 20,
          maxSchemaDescriptionCharacters: 30,
          maxFieldNameCharacters: 15,
          minFieldTitleCharacters: 3,
          maxFieldTitleCharacters: 25,
          maxFieldDescriptionCharacters: 40,
        },
      },
    });
    const cwd = await folder({ 'ticket.schema.yaml': ticket });
    const config = defaultConfig(cwd);
    const offline = await validatePaths([], { config, cwd });
    expect(offline.diagnostics).toEqual([]);

    const diagnostics = await findingsOnline(cwd, org.target, config);
    expect(diagnostics.map((d) => [d.ruleId, d.line, d.column, d.field, d.message])).toEqual([
      [
        'ORG_TEXT_LIMIT',
        2,
        7,
        undefined,
        `the schema's name is 27 characters, over the org's limit of 20 (maxSchemaNameCharacters of ${SOURCE})`,
      ],
      [
        'ORG_TEXT_LIMIT',
        4,
        14,
        undefined,
        `the schema's description is 38 characters, over the org's limit of 30 (maxSchemaDescriptionCharacters of ${SOURCE})`,
      ],
      [
        'ORG_TEXT_LIMIT',
        6,
        11,
        'customer_reference',
        `the field's name is 18 characters, over the org's limit of 15 (maxFieldNameCharacters of ${SOURCE})`,
      ],
      [
        'ORG_TEXT_LIMIT',
        10,
        12,
        'notes',
        `the field's title is 34 characters, over the org's limit of 25 (maxFieldTitleCharacters of ${SOURCE})`,
      ],
      [
        'ORG_TEXT_LIMIT',
        11,
        18,
        'notes',
        `the field's description is 43 characters, over the org's limit of 40 (maxFieldDescriptionCharacters of ${SOURCE})`,
      ],
      [
        'ORG_TEXT_LIMIT',
        12,
        11,
        'ok',
        `the field's title (its name, as it sets none) is 2 characters, under the org's minimum of 3 (minFieldTitleCharacters of ${SOURCE})`,
      ],
    ]);
    expect(diagnostics.every((d) => d.severity === 'error' && d.file === 'ticket.schema.yaml')).toBe(true);
  });

  it('agree with what the platform refuses: each value the org allows is written, one past it is refused', async () => {
    org = await startFamilyOrg(WORKITEMS_FAMILY, {
      dataSchemaLimits: { workitems: { maxSchemaNameCharacters: 27, maxFieldNameCharacters: 18 } },
    });
    const cwd = await folder({
      'ticket.schema.yaml':
        'externalId: support_ticket_for_the_team\nname: Support ticket for the team\ntarget: workitems\n' +
        'fields:\n  - name: customer_reference\n    fieldtype: string\n',
    });
    const config = defaultConfig(cwd);
    expect(await findingsOnline(cwd, org.target, config)).toEqual([]);
    await org.target.create({
      externalId: 'support_ticket_for_the_team',
      name: 'Support ticket for the team',
      version: 1,
      status: 'DRAFT',
      fields: [{ name: 'customer_reference', fieldtype: 'string' }],
    });
    await expect(
      org.target.create({
        externalId: 'support_ticket_for_the_teams',
        name: 'Support ticket for the teams',
        version: 1,
        status: 'DRAFT',
        fields: [{ name: 'notes', fieldtype: 'string' }],
      }),
    ).rejects.toThrow(/name must be 1 to 27 characters, not 28/);
  });

  it("count the org's fields: the org's other schemas plus the files', at the schemas that add", async () => {
    org = await startFamilyOrg(CONTACTS_FAMILY, {
      dataSchemaLimits: { contacts: { maxNumberOfFieldsPerOrg: 4, maxNumberOfFieldsPerSchema: 3 } },
    });
    await org.target.create({
      externalId: 'held',
      name: 'Held',
      version: 1,
      status: 'DRAFT',
      fields: [
        { name: 'a', fieldtype: 'string' },
        { name: 'b', fieldtype: 'string' },
      ],
    });
    const cwd = await folder({
      'vip.schema.yaml':
        'externalId: vip\nname: VIP\ntarget: contacts\nfields:\n  - { name: x, fieldtype: string }\n  - { name: y, fieldtype: string }\n',
      'wide.schema.yaml':
        'externalId: wide\nname: Wide\ntarget: contacts\nfields:\n  - { name: p, fieldtype: string }\n  - { name: q, fieldtype: string }\n  - { name: r, fieldtype: string }\n  - { name: s, fieldtype: string }\n',
    });
    const diagnostics = await findingsOnline(cwd, org.target);
    const source = 'GET /api/v2/externalcontacts/contacts/schemas/limits';
    expect(diagnostics.map((d) => [d.ruleId, d.file, d.line, d.column, d.message])).toEqual([
      [
        'ORG_FIELD_LIMIT',
        'vip.schema.yaml',
        4,
        1,
        `these files would leave the org with 8 fields in its schemas of this family, over the org's limit of 4 (maxNumberOfFieldsPerOrg of ${source}); this schema adds 2`,
      ],
      [
        'FIELD_COUNT_LIMIT',
        'wide.schema.yaml',
        4,
        1,
        `4 fields, over the org's limit of 3 per schema (maxNumberOfFieldsPerSchema of ${source})`,
      ],
      [
        'ORG_FIELD_LIMIT',
        'wide.schema.yaml',
        4,
        1,
        `these files would leave the org with 8 fields in its schemas of this family, over the org's limit of 4 (maxNumberOfFieldsPerOrg of ${source}); this schema adds 4`,
      ],
    ]);
  });

  it('name the schema count and its source too', async () => {
    org = await startFamilyOrg(CONTACTS_FAMILY, { dataSchemaLimits: { contacts: { maxNumberOfSchemasPerOrg: 1 } } });
    const cwd = await folder({
      'a.schema.yaml': 'externalId: a\nname: A\ntarget: contacts\nfields: []\n',
      'b.schema.yaml': 'externalId: b\nname: B\ntarget: contacts\nfields: []\n',
    });
    const diagnostics = await findingsOnline(cwd, org.target);
    expect(diagnostics.map((d) => [d.ruleId, d.schema, d.message])).toEqual([
      [
        'ORG_SCHEMA_LIMIT',
        'b',
        "creating b would go past the org's limit of 1 schemas (maxNumberOfSchemasPerOrg of GET /api/v2/externalcontacts/contacts/schemas/limits): the org holds 0, these files create 2, 1 too many",
      ],
    ]);
  });

  it("count only the files of the run's family: the others are left out of its plan", async () => {
    org = await startFamilyOrg(CONTACTS_FAMILY, { dataSchemaLimits: { contacts: { maxNumberOfSchemasPerOrg: 2 } } });
    // Two contact schemas fit; the custom object and workitem files beside them are not created by this run.
    const cwd = await folder({
      'a.schema.yaml': 'externalId: a\nname: A\ntarget: contacts\nfields: []\n',
      'b.schema.yaml': 'externalId: b\nname: B\ntarget: contacts\nfields: []\n',
      'ticket.schema.yaml': 'externalId: ticket\nname: Ticket\nfields: []\n',
      'order.schema.yaml': 'externalId: order\nname: Order\nfields: []\n',
      'loan.schema.yaml': 'externalId: loan\nname: loan\ntarget: workitems\nfields: []\n',
    });
    expect((await findingsOnline(cwd, org.target)).map((d) => [d.ruleId, d.schema])).toEqual([]);
    // Where the config makes contacts the project's family, the files that name none are contact schemas: they count.
    const config = { ...defaultConfig(cwd), target: 'contacts' as const };
    await writeFile(join(cwd, 'c.schema.yaml'), 'externalId: c\nname: C\nfields: []\n');
    expect((await findingsOnline(cwd, org.target, config)).map((d) => [d.ruleId, d.schema])).toEqual([
      ['ORG_SCHEMA_LIMIT', 'c'],
      ['ORG_SCHEMA_LIMIT', 'order'],
      ['ORG_SCHEMA_LIMIT', 'ticket'],
    ]);
  });

  it('count the organization schemas with the contact schemas, as the platform does', async () => {
    // One limit for both families (docs/targets.md "Limits"): the org holds 2 organization schemas of 2.
    org = await startFamilyOrg(CONTACTS_FAMILY, { dataSchemaLimits: { contacts: { maxNumberOfSchemasPerOrg: 2 } } });
    const organizations = familyClient(ORGANIZATIONS_FAMILY, org.handle);
    for (const name of ['Supplier', 'Partner'])
      await organizations.create({ externalId: name.toLowerCase(), name, version: 1, status: 'PUBLISHED', fields: [] });
    const cwd = await folder({ 'a.schema.yaml': 'externalId: a\nname: A\ntarget: contacts\nfields: []\n' });
    const diagnostics = await findingsOnline(cwd, org.target);
    expect(diagnostics.map((d) => [d.ruleId, d.schema, d.message])).toEqual([
      [
        'ORG_SCHEMA_LIMIT',
        'a',
        "creating a would go past the org's limit of 2 schemas (maxNumberOfSchemasPerOrg of GET /api/v2/externalcontacts/contacts/schemas/limits): the org holds 2 (0 of this family and 2 organization schemas, which count toward the same limit), these files create 1, 1 too many",
      ],
    ]);
    // The platform refuses the create the finding foresaw.
    await expect(
      org.target.create({ externalId: 'a', name: 'A', version: 1, status: 'PUBLISHED', fields: [] }),
    ).rejects.toThrow(/dynamic\.schema\.limit\.exceeded/);
  });

  it("say once, as a warning, what the org's answer lacked, and check at the defaults", async () => {
    const cwd = await folder({ 'ticket.schema.yaml': ticket });
    const answer: Record<string, unknown> = { ...DEFAULT_QUANTITY_LIMITS.workitems, maxSchemaNameCharacters: -5 };
    delete answer['maxFieldTitleCharacters'];
    // The org's answer as the client reads it; the rest of the org is empty.
    const target = {
      kind: 'genesys',
      family: WORKITEMS_FAMILY,
      list: () => Promise.resolve([]),
      versions: () => Promise.resolve([]),
      limits: () => Promise.resolve(limitsFrom(WORKITEMS_FAMILY, answer, [])),
      systemObjects: () => Promise.resolve([]),
    };
    const diagnostics = await findingsOnline(cwd, target);
    expect(diagnostics.map((d) => [d.ruleId, d.severity, d.line, d.column, d.message])).toEqual([
      [
        'ORG_LIMITS_DEFAULTED',
        'warning',
        1,
        1,
        `the org's answer to ${SOURCE} has no usable maxFieldTitleCharacters (absent), maxSchemaNameCharacters (-5): checked at the documented default instead`,
      ],
    ]);
  });

  it("refuse a rollback's restored contents past the org's limits", () => {
    const limits = limitsFrom(
      WORKITEMS_FAMILY,
      { ...DEFAULT_QUANTITY_LIMITS.workitems, maxFieldTitleCharacters: 5 },
      [],
    );
    const findings = restoredFindings({
      content: {
        externalId: 'ticket',
        name: 'Ticket',
        fields: [{ name: 'summary', fieldtype: 'string', title: 'Short summary' }],
      },
      status: 'PUBLISHED',
      file: 'ticket v2',
      family: WORKITEMS_FAMILY,
      config: defaultConfig('/nowhere'),
      org: { schemas: [], limits, systemObjects: [] },
    });
    expect(findings.map((d) => [d.ruleId, d.field, d.message])).toEqual([
      [
        'ORG_TEXT_LIMIT',
        'summary',
        `the field's title is 13 characters, over the org's limit of 5 (maxFieldTitleCharacters of ${SOURCE})`,
      ],
    ]);
  });
});
