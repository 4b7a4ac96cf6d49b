/**
 * A DataSchema client reading what a real org may send beside what the emulator sends: keys cxschema does not read
 * (createdBy, modifiedBy, additionalProperties, nulls), a deleted workitem schema in the list, and answers it
 * cannot read (a schema without its jsonSchema, a version that is text, part of a list). What it can read is read;
 * what it cannot is an error naming the schema and what it lacks, never a schema read as empty nor one left out.
 * The emulator holds the schemas; the answers are rewritten on their way to the client.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WORKITEMS_FAMILY } from '../../src/family/index.js';
import { ApiError, UNREADABLE_ERROR_CODE } from '../../src/genesys/api-error.js';
import type { SchemaWriteBody } from '../../src/model/schema.js';
import { fetchUrl } from '../support/fetch-url.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';

let org: FamilyOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

const BASE = '/api/v2/taskmanagement/workitems/schemas';
type Json = Record<string, unknown>;
/** An entity's jsonSchema, or one of its properties, to change in place. */
const jsonSchemaOf = (entity: Json): Json => entity['jsonSchema'] as Json;
const propertiesOf = (entity: Json): Record<string, Json> => jsonSchemaOf(entity)['properties'] as Record<string, Json>;

/** A fetch that hands the emulator's JSON answer to `rewrite` for the GETs whose path `matches`. */
function rewriting(matches: (path: string) => boolean, rewrite: (body: Json) => unknown): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const path = new URL(fetchUrl(input)).pathname;
    if ((init?.method ?? 'GET') !== 'GET' || !matches(path) || !response.ok) return response;
    const body = rewrite((await response.json()) as Json);
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}
const isList = (path: string): boolean => path === BASE;
const isVersions = (path: string): boolean => path.endsWith('/versions');

const loan: SchemaWriteBody = {
  externalId: 'loan_application',
  name: 'Loan application',
  version: 1,
  status: 'PUBLISHED',
  fields: [
    { name: 'account_number', fieldtype: 'identifier', required: true, constraints: { maxLength: 40 } },
    { name: 'summary', fieldtype: 'string' },
  ],
};

async function orgWith(matches: (path: string) => boolean, rewrite: (body: Json) => unknown): Promise<FamilyOrg> {
  org = await startFamilyOrg(WORKITEMS_FAMILY, {}, { fetch: rewriting(matches, rewrite) });
  await org.other.create(loan);
  return org;
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).errorCode).toBe(UNREADABLE_ERROR_CODE);
  return error as ApiError;
}

describe('a real org answer a DataSchema client reads', () => {
  it('reads a schema beside keys it does not read, nulls, and a deleted workitem schema', async () => {
    const { target } = await orgWith(isList, (body) => {
      const [entity] = body['entities'] as Json[];
      const user = { id: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b', selfUri: '/api/v2/users/0f1e2d3c' };
      Object.assign(entity!, { createdBy: user, modifiedBy: user, dateModified: entity!['dateCreated'] });
      Object.assign(jsonSchemaOf(entity!), { description: null, additionalProperties: true, id: 'loan' });
      propertiesOf(entity!)['summary_text']!['description'] = null;
      const deleted = { ...entity, id: 'gone', name: 'Old form', deleted: true, jsonSchema: { properties: {} } };
      return { ...body, entities: [entity, deleted], total: 2 };
    });
    const [schema, ...others] = await target.list();
    expect(others).toEqual([]);
    expect(schema).toMatchObject({ externalId: 'loan_application', version: 1, fields: loan.fields });
    expect(schema).not.toHaveProperty('description');
  });
});

describe('a real org answer a DataSchema client cannot read', () => {
  it('a listed schema without its jsonSchema is an error naming it, not a schema without fields', async () => {
    const { target } = await orgWith(isList, (body) => {
      delete (body['entities'] as Json[])[0]!['jsonSchema'];
      return body;
    });
    const error = await failure(target.list());
    expect(error.message).toMatch(
      new RegExp(
        `^GET ${BASE} was answered 200 with a schema cxschema cannot read: "Loan application" \\(id [0-9a-f-]{36}\\) has a jsonSchema that is absent \\[correlation id `,
      ),
    );
    expect(error.hint).toContain('nothing was planned or written from it');
  });

  it.each([
    ['a version that is text', (e: Json) => (e['version'] = '1'), 'a version that is the text "1", not a whole number'],
    ['no name', (e: Json) => delete e['name'], 'the schema with id '],
    [
      'properties that are a list',
      (e: Json) => (jsonSchemaOf(e)['properties'] = []),
      'jsonSchema.properties that is a list',
    ],
    [
      'required that is text',
      (e: Json) => (jsonSchemaOf(e)['required'] = 'x'),
      'jsonSchema.required that is the text "x"',
    ],
  ])('%s is an error saying so', async (_, change, said) => {
    const { target } = await orgWith(isList, (body) => {
      change((body['entities'] as Json[])[0]!);
      return body;
    });
    expect((await failure(target.list())).message).toContain(said);
  });

  it('a list whose total counts more schemas than it holds is an error, not part of a family', async () => {
    const { target } = await orgWith(isList, (body) => ({ ...body, total: 150 }));
    const error = await failure(target.list());
    expect(error.message).toContain(
      `GET ${BASE} was answered 200 with 1 of the 150 schemas its total counts: cxschema reads them in one list`,
    );
    expect(error.hint).toContain('docs/targets.md "Lists have no paging"');
  });

  it('a version it cannot read is an error, never left out of the history', async () => {
    const { target } = await orgWith(isVersions, (body) => {
      delete (body['entities'] as Json[])[0]!['jsonSchema'];
      return body;
    });
    await org!.other.update({ ...loan, version: 2, fields: loan.fields.slice(0, 1) });
    const error = await failure(target.versions('loan_application'));
    expect(error.message).toContain(
      '/versions was answered 200 with a schema cxschema cannot read: "Loan application"',
    );
  });

  it('a versions list whose total counts more versions than it holds is an error', async () => {
    const { target } = await orgWith(isVersions, (body) => ({ ...body, total: 3 }));
    const error = await failure(target.versions('loan_application'));
    expect(error.message).toContain('/versions was answered 200 with 1 of the 3 versions its total counts');
  });
});
