/**
 * The DataSchema families' endpoints as docs/targets.md describes them: create (200), read, list without paging,
 * the version rule (a PUT carries the current version), versions, coretypes, limits, and each family's delete.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { Call } from './emulator-fixtures.js';
import { caller, tokenFor } from './emulator-fixtures.js';
import {
  APPLIES_TO,
  BASE,
  dataSchemaBody,
  everyCoretypeExample,
  FAMILIES,
  textProperty,
} from './dataschema-fixtures.js';

let emulator: EmulatorHandle;
let call: Call;
beforeAll(async () => {
  emulator = await startEmulator({ rateLimitPerMinute: 0 });
  call = caller(emulator, await tokenFor(emulator));
});
afterEach(() => emulator.clearSchemas());
afterAll(() => emulator.stop());

describe.each(FAMILIES)('%s schemas', (family) => {
  const base = BASE[family];

  it("create answers 200 with version 1, the family's appliesTo, enabled and a selfUri; GET reads it back", async () => {
    const created = await call('POST', base, dataSchemaBody('Loyalty'));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: 'Loyalty',
      version: 1,
      appliesTo: [APPLIES_TO[family]],
      enabled: true,
      selfUri: `${base}/${created.body.id}`,
    });
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.jsonSchema).toEqual(dataSchemaBody('Loyalty')['jsonSchema']);
    expect(Object.keys(created.body)).toEqual([
      'id',
      'name',
      'version',
      'appliesTo',
      'enabled',
      'dateCreated',
      'jsonSchema',
      'selfUri',
      ...(family === 'workitems' ? ['deleted'] : []),
    ]);
    if (family === 'workitems') expect(created.body.deleted).toBe(false);
    const read = await call('GET', `${base}/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('lists the current version of every schema, sorted by name, with no paging fields', async () => {
    const b = (await call('POST', base, dataSchemaBody('Bravo'))).body;
    const a = (await call('POST', base, dataSchemaBody('Alpha'))).body;
    await call('PUT', `${base}/${b.id}`, { ...dataSchemaBody('Bravo'), version: 1, enabled: false });
    const list = await call('GET', `${base}?pageSize=1&pageNumber=2`);
    expect(list.status).toBe(200);
    expect(Object.keys(list.body)).toEqual(['total', 'entities', 'selfUri']);
    expect(list.body.total).toBe(2);
    expect(list.body.entities.map((s: { id: string }) => s.id)).toEqual([a.id, b.id]);
    expect(list.body.entities[1]).toMatchObject({ version: 2, enabled: false });
    expect(list.body.selfUri).toBe(base);
  });

  it('a PUT carries the current version and makes the next one; every version stays readable', async () => {
    const created = (await call('POST', base, dataSchemaBody('Loyalty'))).body;
    const properties = {
      nickname_text: textProperty('Nickname'),
      tier_integer: { allOf: [{ $ref: '#/definitions/integer' }], title: 'Tier', minimum: 1, maximum: 5 },
    };
    const updated = await call('PUT', `${base}/${created.id}`, dataSchemaBody('Loyalty', properties, { version: 1 }));
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.id, version: 2 });
    expect(updated.body.jsonSchema.properties).toEqual(properties);
    const again = await call('PUT', `${base}/${created.id}`, dataSchemaBody('Loyalty', properties, { version: 2 }));
    expect(again.body.version).toBe(3);

    const versions = await call('GET', `${base}/${created.id}/versions`);
    expect(versions.status).toBe(200);
    expect(versions.body.total).toBe(3);
    expect(versions.body.entities.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    expect(versions.body.selfUri).toBe(`${base}/${created.id}/versions`);
    const first = await call('GET', `${base}/${created.id}/versions/1`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, selfUri: `${base}/${created.id}/versions/1` });
    expect(first.body.jsonSchema).toEqual(created.jsonSchema);
  });

  it('a stale PUT is 409 dynamic.schema.version.conflict naming both versions, and changes nothing', async () => {
    const created = (await call('POST', base, dataSchemaBody('Loyalty'))).body;
    await call('PUT', `${base}/${created.id}`, dataSchemaBody('Loyalty', undefined, { version: 1 }));
    for (const version of [1, 3]) {
      const stale = await call('PUT', `${base}/${created.id}`, dataSchemaBody('Loyalty', undefined, { version }), {
        'ININ-Correlation-Id': `stale-${version}`,
      });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({
        code: 'dynamic.schema.version.conflict',
        status: 409,
        messageParams: { current: '2', sent: String(version) },
        contextId: `stale-${version}`,
      });
    }
    expect((await call('GET', `${base}/${created.id}`)).body.version).toBe(2);
  });

  it('serves the eleven coretypes, each with its validation fields and ranges, and one by name', async () => {
    const list = await call('GET', `${base}/coretypes`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(11);
    expect(list.body.entities.map((c: { name: string }) => c.name)).toEqual([
      'text',
      'longtext',
      'url',
      'identifier',
      'enum',
      'date',
      'datetime',
      'integer',
      'number',
      'checkbox',
      'tag',
    ]);
    const text = await call('GET', `${base}/coretypes/text`);
    expect(text.status).toBe(200);
    expect(text.body).toMatchObject({
      name: 'text',
      current: true,
      validationFields: ['minLength', 'maxLength'],
      validationLimits: { minLength: { min: 0, max: 100 }, maxLength: { min: 1, max: 100 } },
      selfUri: `${base}/coretypes/text`,
    });
    const tag = (await call('GET', `${base}/coretypes/tag`)).body;
    expect(tag).toMatchObject({
      validationLimits: { maxItems: { min: 1, max: 10 } },
      itemValidationFields: ['minLength', 'maxLength'],
      itemValidationLimits: { maxLength: { min: 1, max: 100 } },
    });
    expect((await call('GET', `${base}/coretypes/longtext`)).body.validationLimits.maxLength).toEqual({
      min: 1,
      max: 1000,
    });
    expect((await call('GET', `${base}/coretypes/url`)).body.validationLimits.maxLength).toEqual({ min: 1, max: 200 });
    const unknown = await call('GET', `${base}/coretypes/currency`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not.found');
  });

  it('serves its /limits', async () => {
    const limits = await call('GET', `${base}/limits`);
    expect(limits.status).toBe(200);
    const expected =
      family === 'workitems'
        ? { maxNumberOfSchemasPerOrg: 100, maxNumberOfFieldsPerSchema: 50 }
        : { maxNumberOfSchemasPerOrg: 20, maxNumberOfFieldsPerSchema: 25 };
    expect(limits.body).toMatchObject({
      ...expected,
      minFieldNameCharacters: 1,
      maxFieldTitleCharacters: 100,
      selfUri: `${base}/limits`,
    });
  });

  it('answers 404 for an unknown schema, version or path, and 405 for a method a path lacks', async () => {
    const created = (await call('POST', base, dataSchemaBody('Loyalty'))).body;
    const unknown = '00000000-0000-0000-0000-000000000000';
    for (const [method, path] of [
      ['GET', `${base}/${unknown}`],
      ['PUT', `${base}/${unknown}`],
      ['GET', `${base}/${unknown}/versions`],
      ['GET', `${base}/${created.id}/versions/2`],
      ['GET', `${base}/${created.id}/versions/0`],
      ['GET', `${base}/${created.id}/versions/one`],
      ['GET', `${base}/${created.id}/versions/1/extra`],
      ['GET', `${base}/%E0%A4%A`],
    ] as const) {
      const reply = await call(method, path, method === 'PUT' ? dataSchemaBody('Loyalty') : undefined);
      expect([method, path, reply.status, reply.body.code]).toEqual([method, path, 404, 'not.found']);
    }
    const post = await call('POST', `${base}/limits`, {});
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('accepts a body read back from GET (read-only properties are ignored)', async () => {
    const created = (await call('POST', base, dataSchemaBody('Loyalty'))).body;
    const updated = await call('PUT', `${base}/${created.id}`, { ...created, enabled: false });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, enabled: false });
  });

  it('keeps a jsonSchema.title of any length: the limits bound the name, not the title', async () => {
    const title = 't'.repeat(5000);
    const body = dataSchemaBody('Loyalty', undefined, {
      jsonSchema: { title, properties: { nickname_text: textProperty('Nickname') } },
    });
    const created = await call('POST', base, body);
    expect(created.status).toBe(200);
    expect(created.body.jsonSchema).toMatchObject({ title });
  });
});

describe('delete, per family', () => {
  it('contacts: DELETE answers 204 and the schema is gone, its name free again', async () => {
    const base = BASE.contacts;
    const created = (await call('POST', base, dataSchemaBody('Loyalty'))).body;
    const deleted = await call('DELETE', `${base}/${created.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await call('GET', `${base}/${created.id}`)).status).toBe(404);
    expect((await call('GET', `${base}/${created.id}/versions`)).status).toBe(404);
    expect((await call('DELETE', `${base}/${created.id}`)).status).toBe(404);
    expect((await call('POST', base, dataSchemaBody('Loyalty'))).status).toBe(200);
  });

  it('organizations: there is no DELETE (405, Allow: GET, PUT), and the schema stays', async () => {
    const base = BASE.organizations;
    const created = (await call('POST', base, dataSchemaBody('Partner'))).body;
    const refused = await call('DELETE', `${base}/${created.id}`);
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('GET, PUT');
    expect(refused.body.code).toBe('method.not.allowed');
    expect((await call('GET', `${base}/${created.id}`)).status).toBe(200);
  });

  it('workitems: DELETE is soft; GET shows "deleted": true, the list leaves it out, writes are 404, the name is free', async () => {
    const base = BASE.workitems;
    const created = (await call('POST', base, dataSchemaBody('Loan'))).body;
    expect((await call('DELETE', `${base}/${created.id}`)).status).toBe(204);
    const read = await call('GET', `${base}/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.id, version: 1, deleted: true });
    expect((await call('GET', `${base}/${created.id}/versions/1`)).body.deleted).toBe(true);
    expect((await call('GET', base)).body).toMatchObject({ total: 0, entities: [] });
    expect((await call('PUT', `${base}/${created.id}`, dataSchemaBody('Loan'))).status).toBe(404);
    expect((await call('DELETE', `${base}/${created.id}`)).status).toBe(404);
    const again = await call('POST', base, dataSchemaBody('Loan'));
    expect(again.status).toBe(200);
    expect(again.body.id).not.toBe(created.id);
    // The handle sees both: the deleted one and its successor.
    expect(emulator.dataSchemas('workitems').map((s) => [s['id'], s['deleted']])).toEqual(
      expect.arrayContaining([
        [created.id, true],
        [again.body.id, false],
      ]),
    );
  });
});

describe('the published example with every coretype', () => {
  it('is created as it is, read back unchanged, and updated with its current version', async () => {
    const example = everyCoretypeExample();
    const created = await call('POST', BASE.workitems, example);
    expect(created.status).toBe(200);
    expect(created.body.jsonSchema).toEqual(example['jsonSchema']);
    expect(Object.keys(created.body.jsonSchema.properties)).toHaveLength(11);
    const read = await call('GET', `${BASE.workitems}/${created.body.id}`);
    expect(read.body.jsonSchema).toEqual(example['jsonSchema']);
    const updated = await call('PUT', `${BASE.workitems}/${created.body.id}`, { ...example, version: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe(2);
  });

  it('is accepted by the contact and organization families too (with their appliesTo)', async () => {
    for (const family of ['contacts', 'organizations'] as const) {
      const { appliesTo: _ignored, ...example } = everyCoretypeExample();
      const created = await call('POST', BASE[family], example);
      expect([family, created.status]).toEqual([family, 200]);
      expect(created.body.appliesTo).toEqual([APPLIES_TO[family]]);
    }
  });
});

describe('concurrency', () => {
  it('two PUTs of one version: exactly one wins, the other gets the version conflict', async () => {
    const created = (await call('POST', BASE.workitems, dataSchemaBody('Loan'))).body;
    const replies = await Promise.all(
      [1, 2].map((n) =>
        call(
          'PUT',
          `${BASE.workitems}/${created.id}`,
          dataSchemaBody('Loan', undefined, { version: 1, enabled: n === 1 }),
        ),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await call('GET', `${BASE.workitems}/${created.id}/versions`)).body.total).toBe(2);
  });
});
