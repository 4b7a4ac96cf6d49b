/**
 * docs/api-contract.md "Endpoints", "Paging envelope", "The schema resource" and "Limits and system objects", row by
 * row, with plain fetch.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { Call } from './emulator-fixtures.js';
import { caller, SCHEMAS, schemaBody, tokenFor } from './emulator-fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

let emulator: EmulatorHandle;
let call: Call;
let clock = Date.parse('2030-01-01T00:00:00Z');

beforeAll(async () => {
  emulator = await startEmulator({ now: () => clock, rateLimitPerMinute: 0 });
  call = caller(emulator, await tokenFor(emulator));
});
afterAll(() => emulator.stop());

describe('POST and GET /api/v2/customobjects/schemas/{externalId}', () => {
  it('creates version 1 and serves the resource with the platform-owned properties, in the contract order', async () => {
    const created = await call('POST', SCHEMAS, schemaBody('ticket', { description: 'A support ticket' }));
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual([
      'id',
      'externalId',
      'name',
      'description',
      'version',
      'status',
      'fields',
      'dateCreated',
      'dateModified',
      'selfUri',
    ]);
    expect(created.body).toMatchObject({
      externalId: 'ticket',
      version: 1,
      status: 'DRAFT',
      selfUri: '/api/v2/customobjects/schemas/ticket',
      dateCreated: '2030-01-01T00:00:00.000Z',
    });
    expect(created.body.id).toMatch(UUID);
    expect(created.body.fields).toEqual(schemaBody('ticket')['fields']);
    const read = await call('GET', `${SCHEMAS}/ticket`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('ignores read-only properties in the body and drops null optional properties', async () => {
    const body = schemaBody('with_readonly', {
      id: 'mine',
      dateCreated: 'yesterday',
      dateModified: 'today',
      selfUri: '/x',
      description: null,
    });
    (body['fields'] as Array<Record<string, unknown>>)[0]!['description'] = null;
    const created = await call('POST', SCHEMAS, body);
    expect(created.status).toBe(201);
    expect(created.body.id).not.toBe('mine');
    expect(created.body.selfUri).toBe('/api/v2/customobjects/schemas/with_readonly');
    expect('description' in created.body).toBe(false);
    expect('description' in created.body.fields[0]!).toBe(false);
  });

  it('answers 404 not.found for a schema that does not exist, or an externalId that cannot be one', async () => {
    for (const path of [`${SCHEMAS}/nothing_here`, `${SCHEMAS}/Not-An-Id`, `${SCHEMAS}/%E0%A4%A`]) {
      const reply = await call('GET', path);
      expect(reply.status).toBe(404);
      expect(reply.body.code).toBe('not.found');
    }
  });
});

describe('PUT, versions and version', () => {
  it('makes current + 1 and keeps every version, oldest first', async () => {
    await call('POST', SCHEMAS, schemaBody('order'));
    clock += 60_000;
    const v2 = await call('PUT', `${SCHEMAS}/order`, schemaBody('order', { version: 2, name: 'Order v2' }));
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ version: 2, name: 'Order v2', dateCreated: '2030-01-01T00:00:00.000Z' });
    expect(v2.body.dateModified).not.toBe(v2.body.dateCreated);
    expect(v2.body.dateModified).toMatch(ISO);
    const v3 = await call('PUT', `${SCHEMAS}/order`, schemaBody('order', { version: 3, status: 'PUBLISHED' }));
    expect(v3.status).toBe(200);
    const first = await call('GET', `${SCHEMAS}/order/versions/1`);
    expect(first.body).toMatchObject({ version: 1, status: 'DRAFT', id: v2.body.id });
    expect((await call('GET', `${SCHEMAS}/order`)).body).toMatchObject({ version: 3, status: 'PUBLISHED' });
    const all = await call('GET', `${SCHEMAS}/order/versions`);
    expect(all.status).toBe(200);
    expect(all.body.entities.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    expect(all.body).toMatchObject({
      total: 3,
      pageCount: 1,
      pageNumber: 1,
      pageSize: 25,
      selfUri: `${SCHEMAS}/order/versions?pageSize=25&pageNumber=1`,
    });
    const paged = await call('GET', `${SCHEMAS}/order/versions?pageSize=2&pageNumber=2`);
    expect(paged.body.entities.map((v: { version: number }) => v.version)).toEqual([3]);
    expect(paged.body.previousUri).toBe(`${SCHEMAS}/order/versions?pageSize=2&pageNumber=1`);
    expect(emulator.versions('order').map((v) => v.version)).toEqual([1, 2, 3]);
  });

  it('answers 404 for a version that does not exist and for a schema without versions', async () => {
    for (const path of [
      `${SCHEMAS}/order/versions/9`,
      `${SCHEMAS}/order/versions/0`,
      `${SCHEMAS}/order/versions/abc`,
      `${SCHEMAS}/nope/versions`,
      `${SCHEMAS}/nope/versions/1`,
    ]) {
      const reply = await call('GET', path);
      expect(reply.status, path).toBe(404);
      expect(reply.body.code).toBe('not.found');
    }
  });

  it('answers 404 to a PUT or DELETE of a schema that does not exist', async () => {
    expect((await call('PUT', `${SCHEMAS}/ghost`, schemaBody('ghost', { version: 2 }))).body.code).toBe('not.found');
    expect((await call('DELETE', `${SCHEMAS}/ghost`)).status).toBe(404);
  });
});

describe('DELETE', () => {
  it('deletes a never-published, unreferenced schema with 204; the externalId can be created again as version 1', async () => {
    const first = await call('POST', SCHEMAS, schemaBody('scratch'));
    await call('PUT', `${SCHEMAS}/scratch`, schemaBody('scratch', { version: 2 }));
    const deleted = await fetch(`${emulator.url}${SCHEMAS}/scratch`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await tokenFor(emulator)}` },
    });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect((await call('GET', `${SCHEMAS}/scratch`)).status).toBe(404);
    const again = await call('POST', SCHEMAS, schemaBody('scratch'));
    expect(again.status).toBe(201);
    expect(again.body.version).toBe(1);
    expect(again.body.id).not.toBe(first.body.id);
  });
});

describe('GET /api/v2/customobjects/limits and /systemobjects', () => {
  it('serves the default limits and system objects of docs/api-contract.md', async () => {
    const limits = await call('GET', '/api/v2/customobjects/limits');
    expect(limits.status).toBe(200);
    expect(limits.body).toEqual({
      maxFieldsPerSchema: 50,
      maxRecordSizeBytes: 102400,
      maxStringLength: 1000,
      maxLongTextLength: 32000,
      maxListItems: 1000,
      maxNestingDepth: 3,
      maxSchemasPerOrg: 500,
    });
    const objects = await call('GET', '/api/v2/customobjects/systemobjects');
    expect(objects.body.entities).toEqual(
      ['contact', 'externalOrganization', 'conversation', 'user', 'queue', 'workitem'].map((name) => ({ name })),
    );
    expect(objects.body).toMatchObject({ total: 6, pageSize: 25, pageNumber: 1, pageCount: 1 });
  });

  it('serves the limits and system objects it was started with', async () => {
    const custom = await startEmulator({ limits: { maxFieldsPerSchema: 7 }, systemObjects: ['contact', 'account'] });
    try {
      const c = caller(custom, await tokenFor(custom));
      expect((await c('GET', '/api/v2/customobjects/limits')).body).toMatchObject({
        maxFieldsPerSchema: 7,
        maxNestingDepth: 3,
      });
      expect((await c('GET', '/api/v2/customobjects/systemobjects?pageSize=1&pageNumber=2')).body).toMatchObject({
        entities: [{ name: 'account' }],
        total: 2,
        pageCount: 2,
      });
      expect(
        (
          await c(
            'POST',
            SCHEMAS,
            schemaBody('acct', {
              fields: [{ name: 'a', fieldtype: 'reference', constraints: { referencedType: 'account' } }],
            }),
          )
        ).status,
      ).toBe(201);
      expect(
        (
          await c(
            'POST',
            SCHEMAS,
            schemaBody('usr', {
              fields: [{ name: 'u', fieldtype: 'reference', constraints: { referencedType: 'user' } }],
            }),
          )
        ).body.code,
      ).toBe('customobjects.schema.reference.invalid');
    } finally {
      await custom.stop();
    }
  });
});

describe('GET /api/v2/customobjects/schemas: paging', () => {
  let pager: EmulatorHandle;
  let list: Call;
  beforeAll(async () => {
    pager = await startEmulator({ rateLimitPerMinute: 0 });
    list = caller(pager, await tokenFor(pager));
    for (const id of ['e_five', 'a_one', 'd_four', 'b_two', 'c_three'])
      expect((await list('POST', SCHEMAS, schemaBody(id))).status).toBe(201);
    await list('PUT', `${SCHEMAS}/b_two`, schemaBody('b_two', { version: 2, status: 'PUBLISHED' }));
    await list('PUT', `${SCHEMAS}/d_four`, schemaBody('d_four', { version: 2, status: 'PUBLISHED' }));
  });
  afterAll(() => pager.stop());

  it('lists the current version of every schema, sorted by externalId, 25 a page by default', async () => {
    const reply = await list('GET', SCHEMAS);
    expect(reply.body.entities.map((s: { externalId: string }) => s.externalId)).toEqual([
      'a_one',
      'b_two',
      'c_three',
      'd_four',
      'e_five',
    ]);
    expect(reply.body.entities[1]?.version).toBe(2);
    expect(reply.body).toEqual(
      expect.objectContaining({
        pageSize: 25,
        pageNumber: 1,
        total: 5,
        pageCount: 1,
        selfUri: `${SCHEMAS}?pageSize=25&pageNumber=1`,
        firstUri: `${SCHEMAS}?pageSize=25&pageNumber=1`,
        lastUri: `${SCHEMAS}?pageSize=25&pageNumber=1`,
      }),
    );
    expect('nextUri' in reply.body).toBe(false);
    expect('previousUri' in reply.body).toBe(false);
    expect(pager.schemas().map((s) => s.externalId)).toEqual(['a_one', 'b_two', 'c_three', 'd_four', 'e_five']);
  });

  it('serves working first/next/previous/last URIs', async () => {
    const seen: string[] = [];
    let page = (await list('GET', `${SCHEMAS}?pageSize=2`)).body;
    expect(page).toMatchObject({
      pageCount: 3,
      total: 5,
      lastUri: `${SCHEMAS}?pageSize=2&pageNumber=3`,
      nextUri: `${SCHEMAS}?pageSize=2&pageNumber=2`,
    });
    seen.push(...page.entities.map((s: { externalId: string }) => s.externalId));
    while (page.nextUri) {
      page = (await list('GET', page.nextUri)).body;
      seen.push(...page.entities.map((s: { externalId: string }) => s.externalId));
    }
    expect(seen).toEqual(['a_one', 'b_two', 'c_three', 'd_four', 'e_five']);
    expect(page).toMatchObject({ pageNumber: 3, previousUri: `${SCHEMAS}?pageSize=2&pageNumber=2` });
    const back = (await list('GET', page.previousUri)).body;
    expect(back.entities.map((s: { externalId: string }) => s.externalId)).toEqual(['c_three', 'd_four']);
    expect((await list('GET', page.firstUri)).body.pageNumber).toBe(1);
  });

  it('filters by status and keeps the filter in every URI', async () => {
    const reply = await list('GET', `${SCHEMAS}?status=PUBLISHED&pageSize=1`);
    expect(reply.body.entities.map((s: { externalId: string }) => s.externalId)).toEqual(['b_two']);
    expect(reply.body).toMatchObject({
      total: 2,
      pageCount: 2,
      selfUri: `${SCHEMAS}?pageSize=1&pageNumber=1&status=PUBLISHED`,
      nextUri: `${SCHEMAS}?pageSize=1&pageNumber=2&status=PUBLISHED`,
    });
    expect((await list('GET', reply.body.nextUri)).body.entities[0]?.externalId).toBe('d_four');
    expect((await list('GET', `${SCHEMAS}?status=DEPRECATED`)).body).toMatchObject({
      entities: [],
      total: 0,
      pageCount: 0,
      lastUri: `${SCHEMAS}?pageSize=25&pageNumber=1&status=DEPRECATED`,
    });
  });

  it('serves an empty page past the last one', async () => {
    const reply = await list('GET', `${SCHEMAS}?pageSize=2&pageNumber=7`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      entities: [],
      pageNumber: 7,
      pageCount: 3,
      previousUri: `${SCHEMAS}?pageSize=2&pageNumber=3`,
    });
  });

  it('refuses a pageSize outside 1..100, a bad pageNumber or status with 400 bad.request', async () => {
    for (const [query, fieldName] of [
      ['pageSize=0', 'pageSize'],
      ['pageSize=101', 'pageSize'],
      ['pageSize=ten', 'pageSize'],
      ['pageNumber=0', 'pageNumber'],
      ['pageNumber=-1', 'pageNumber'],
      ['status=LIVE', 'status'],
    ]) {
      const reply = await list('GET', `${SCHEMAS}?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.body.code).toBe('bad.request');
      expect(reply.body.details).toEqual([{ errorCode: 'bad.request', fieldName }]);
    }
    expect((await list('GET', `${SCHEMAS}?pageSize=100`)).status).toBe(200);
  });
});

describe('routing', () => {
  it('answers 404 for a path it does not serve and 405 with Allow for a method a path does not take', async () => {
    const unknown = await call('GET', '/api/v2/customobjects/records');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not.found');
    const wrongMethod = await call('PATCH', `${SCHEMAS}/ticket`, {});
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, PUT, DELETE');
    expect((await call('DELETE', SCHEMAS)).headers.get('allow')).toBe('GET, POST');
  });

  it('ignores a trailing slash', async () => {
    expect((await call('GET', `${SCHEMAS}/ticket/`)).status).toBe(200);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const reply = await call(
      'POST',
      SCHEMAS,
      JSON.stringify(schemaBody('big', { description: 'x'.repeat(1_100_000) })),
    );
    expect(reply.status).toBe(413);
  });

  it('refuses a body over 1 MiB with 413 on a GET or DELETE too, which then changes nothing', async () => {
    expect((await call('POST', SCHEMAS, schemaBody('weighty'))).status).toBe(201);
    const token = await tokenFor(emulator);
    const big = 'x'.repeat(1_100_000);
    // node:http rather than fetch, which sends no body on a GET; with a length, and chunked without one.
    const send = (method: string, chunked: boolean): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
        // Node frames a GET's or DELETE's body only when told to.
        if (chunked) headers['transfer-encoding'] = 'chunked';
        else headers['content-length'] = Buffer.byteLength(big);
        const req = request(`${emulator.url}${SCHEMAS}/weighty`, { method, headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        if (chunked) req.write(big.slice(0, 600_000));
        req.end(chunked ? big.slice(600_000) : big);
      });
    for (const method of ['DELETE', 'GET'])
      for (const chunked of [false, true]) {
        const reply = await send(method, chunked);
        expect([method, chunked, reply.status]).toEqual([method, chunked, 413]);
        expect(JSON.parse(reply.body)).toMatchObject({ code: 'request.entity.too.large', status: 413 });
      }
    expect((await call('GET', `${SCHEMAS}/weighty`)).status).toBe(200);
    // A small body on a DELETE is read and ignored, as before.
    expect((await call('DELETE', `${SCHEMAS}/weighty`, {})).status).toBe(204);
  });
});
