/**
 * Answers that are not what the API sends (a proxy's HTML page with 200, a page without entities, entries that are
 * no schema): each is an error that names the request, never an empty org, a write taken as done, or a TypeError.
 * And a DataSchema org holding two schemas whose names have one identifier form is refused, not half read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, UNREADABLE_ERROR_CODE } from '../../src/genesys/api-error.js';
import { WORKITEMS_FAMILY } from '../../src/family/index.js';
import { createNodeHttpFetch, nodeHttpFetch, type FetchLike } from '../../src/genesys/node-http-fetch.js';
import { CxError } from '../../src/model/errors.js';
import { fetchUrl } from '../support/fetch-url.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { draft } from '../support/schema-builders.js';

let rig: TestOrg | undefined;
let familyRig: FamilyOrg | undefined;
afterEach(async () => {
  await rig?.stop();
  await familyRig?.stop();
  rig = undefined;
  familyRig = undefined;
});

/** A fetch that lets logins through and answers every API call with `answer` (a status 200 body). */
function answering(answer: () => Response): typeof fetch {
  return (input, init) => (fetchUrl(input).endsWith('/oauth/token') ? fetch(input, init) : Promise.resolve(answer()));
}
const html = (): Response =>
  new Response('<html><body>Sign in</body></html>', { status: 200, headers: { 'content-type': 'text/html' } });
const json = (body: unknown) => (): Response =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const outcome = await promise.then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(ApiError);
  return outcome.error as ApiError;
}

describe('answers that are not the API', () => {
  it('a 200 HTML page for a list, a schema or a write is an error naming the request', async () => {
    rig = await startOrg();
    await rig.target.create(draft('customer'));
    const proxied = rig.client({ fetch: answering(html) });

    const listed = await failure(proxied.list());
    expect(listed.errorCode).toBe(UNREADABLE_ERROR_CODE);
    expect(listed.message).toContain('GET /api/v2/customobjects/schemas?');
    expect(listed.message).toContain('was answered 200 with a body that is not JSON');

    expect((await failure(proxied.get('customer'))).errorCode).toBe(UNREADABLE_ERROR_CODE);
    expect((await failure(proxied.versions('customer'))).errorCode).toBe(UNREADABLE_ERROR_CODE);
    expect((await failure(proxied.version('customer', 1))).errorCode).toBe(UNREADABLE_ERROR_CODE);

    // The write's answer says nothing, and neither does its read back: it fails, its outcome unknown.
    const written = await failure(proxied.create(draft('order')));
    expect(written.errorCode).toBe(UNREADABLE_ERROR_CODE);
    expect(written.outcomeUnknown).toBe(true);
    expect((await rig.target.list()).map((schema) => schema.externalId)).toEqual(['customer']);
  });

  it('a write answered 200 with no schema is read back: done when the org holds it', async () => {
    rig = await startOrg();
    let writes = 0;
    const swallowing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method !== 'POST' || fetchUrl(input).endsWith('/oauth/token')) return response;
      writes++;
      return json({ ok: true })();
    };
    const created = await rig.client({ fetch: swallowing }).create(draft('order'));
    expect(writes).toBe(1);
    expect(created.externalId).toBe('order');
    expect(created.version).toBe(1);
  });

  it('a page without entities, entries that are no schema, and a version without fields are errors', async () => {
    rig = await startOrg();
    for (const body of [{ foo: 1 }, { entities: [null, 5], pageNumber: 1, pageCount: 1 }]) {
      const error = await failure(rig.client({ fetch: answering(json(body)) }).list());
      expect(error.errorCode).toBe(UNREADABLE_ERROR_CODE);
    }
    const noFields = { externalId: 'customer', name: 'C', version: 1, status: 'PUBLISHED', id: 'x' };
    const error = await failure(rig.client({ fetch: answering(json(noFields)) }).version('customer', 1));
    expect(error.message).toContain('GET /api/v2/customobjects/schemas/customer/versions/1 was answered 200');
  });

  it('a list whose paging a proxy does not follow is an error, never part of the org nor a list without end', async () => {
    rig = await startOrg();
    const schema = (externalId: string) => ({
      id: 'x',
      externalId,
      name: externalId,
      version: 1,
      status: 'DRAFT',
      fields: [],
    });
    // Page 1 of 3 whatever is asked: the schemas of pages 2 and 3 were read as absent.
    const pageOne = json({ entities: [schema('a')], pageNumber: 1, pageCount: 3, total: 250 });
    const ignored = await failure(rig.client({ fetch: answering(pageOne) }).list());
    expect(ignored.errorCode).toBe(UNREADABLE_ERROR_CODE);
    expect(ignored.message).toContain('was answered 200 with page 1 where page 2 was asked for');

    // No pageCount, and the same page and nextUri for ever: the list never ended.
    let asked = 0;
    const endless = json({ entities: [schema('a')], nextUri: '/api/v2/customobjects/schemas?pageNumber=2' });
    const counting: typeof fetch = (input, init) => {
      if (!fetchUrl(input).endsWith('/oauth/token')) asked++;
      return answering(endless)(input, init);
    };
    const repeated = await failure(rig.client({ fetch: counting }).list());
    expect(repeated.message).toContain('with the nextUri of the page before');
    expect(asked).toBe(2);

    // A million pages were all asked for at once, filling the memory.
    const million = json({ entities: [schema('a')], pageNumber: 1, pageCount: 1_000_000 });
    const huge = await failure(rig.client({ fetch: answering(million) }).list());
    expect(huge.message).toContain('with a pageCount of 1000000');
    expect(huge.hint).toContain('report it with the correlation id');
  });

  it('an answer over the bound the client reads is an error saying so, read once', async () => {
    rig = await startOrg();
    await rig.target.create(draft('customer'));
    const bounded = createNodeHttpFetch({ maxAnswerBytes: 64 });
    let reads = 0;
    const fetchFn: FetchLike = (url, init) => {
      if (url.endsWith('/oauth/token')) return nodeHttpFetch(url, init);
      reads++;
      return bounded(url, init);
    };
    const error = await failure(rig.client({ fetch: fetchFn }).list());
    expect(error.errorCode).toBe(UNREADABLE_ERROR_CODE);
    expect(error.message).toContain('was answered 200 with a body over 64 bytes (not read)');
    expect(reads).toBe(1);
  });

  it('a DataSchema list without entities is an error, not an empty org', async () => {
    familyRig = await startFamilyOrg(WORKITEMS_FAMILY, {}, { fetch: answering(json({ total: 0 })) });
    expect((await failure(familyRig.target.list())).errorCode).toBe(UNREADABLE_ERROR_CODE);
  });

  it('lists two DataSchema schemas whose names are one externalId as one, marked, and writes to neither', async () => {
    familyRig = await startFamilyOrg(WORKITEMS_FAMILY);
    const body = (name: string) => ({
      externalId: 'loan_application',
      name,
      version: 1,
      status: 'PUBLISHED' as const,
      fields: [{ name: 'summary', fieldtype: 'string' as const }],
    });
    await familyRig.other.create(body('Loan-Application'));
    await familyRig.other.create(body('Loan Application'));
    await familyRig.other.create({ ...body('Claim'), externalId: 'claim' });
    const listed = await familyRig.target.list();
    expect(listed.map((schema) => [schema.name, schema.sharedWith]).sort()).toEqual([
      ['Claim', undefined],
      ['Loan Application', ['Loan-Application']],
    ]);
    const refused = await familyRig.target.update({ ...body('Loan Application'), version: 2 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CxError);
    expect((refused as CxError).message).toBe(
      'workitem schemas: the org holds schemas named "Loan Application", "Loan-Application", which are all loan_application to cxschema',
    );
    await expect(familyRig.target.versions('loan_application')).rejects.toThrow('which are all loan_application');
  });
});
