/**
 * Every refusal of the DataSchema routes (docs/targets.md "Errors"): invalid bodies against the coretypes'
 * ranges, duplicate names, the /limits counts, what contacts and organizations keep, each with the ErrorBody's
 * code and the path of the value at fault.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { Call } from './emulator-fixtures.js';
import { caller, tokenFor } from './emulator-fixtures.js';
import { BASE, dataSchemaBody, manyProperties, textProperty } from './dataschema-fixtures.js';

let emulator: EmulatorHandle;
let call: Call;
beforeAll(async () => {
  emulator = await startEmulator({
    rateLimitPerMinute: 0,
    dataSchemaLimits: {
      workitems: { maxNumberOfSchemasPerOrg: 3, maxNumberOfFieldsPerSchema: 4, maxNumberOfFieldsPerOrg: 6 },
      contacts: { maxNumberOfSchemasPerOrg: 2 },
      organizations: { maxNumberOfSchemasPerOrg: 2 },
    },
  });
  call = caller(emulator, await tokenFor(emulator));
});
afterEach(() => emulator.clearSchemas());
afterAll(() => emulator.stop());

const W = BASE.workitems;
const ref = (coretype: string) => ({ allOf: [{ $ref: `#/definitions/${coretype}` }] });
const enumProperty = (values: string[], titles?: Record<string, unknown>) => ({
  ...ref('enum'),
  title: 'Level',
  enum: values,
  _enumProperties: titles ?? Object.fromEntries(values.map((v) => [v, { title: v.toUpperCase(), _disabled: false }])),
});

/** [what, body, fieldName of the (first) problem]. */
const INVALID_BODIES: Array<[string, unknown, string]> = [
  ['a body that is not an object', [1, 2], ''],
  ['an unknown top-level property', { ...dataSchemaBody('X'), status: 'DRAFT' }, 'status'],
  ['a missing name', { version: 1, jsonSchema: dataSchemaBody('X')['jsonSchema'] }, 'name'],
  ['a name over 100 characters', dataSchemaBody('n'.repeat(101)), 'name'],
  ['a version that is not a whole number', dataSchemaBody('X', undefined, { version: '1' }), 'version'],
  ["another family's appliesTo", dataSchemaBody('X', undefined, { appliesTo: ['CONTACT'] }), 'appliesTo'],
  ['enabled that is not a boolean', dataSchemaBody('X', undefined, { enabled: 'yes' }), 'enabled'],
  ['no jsonSchema', { name: 'X', version: 1 }, 'jsonSchema'],
  [
    'an unknown jsonSchema property',
    dataSchemaBody('X', undefined, { jsonSchema: { properties: {}, format: 'x' } }),
    'jsonSchema.format',
  ],
  [
    'jsonSchema.type other than object',
    dataSchemaBody('X', undefined, { jsonSchema: { type: 'array', properties: {} } }),
    'jsonSchema.type',
  ],
  [
    'a schema description over 500 characters',
    dataSchemaBody('X', undefined, { jsonSchema: { description: 'd'.repeat(501), properties: {} } }),
    'jsonSchema.description',
  ],
  [
    'properties that are not an object',
    dataSchemaBody('X', undefined, { jsonSchema: { properties: [] } }),
    'jsonSchema.properties',
  ],
  [
    'a key without a coretype suffix',
    dataSchemaBody('X', { nickname: textProperty('Nick') }),
    'jsonSchema.properties.nickname',
  ],
  [
    'a key with an unknown coretype',
    dataSchemaBody('X', { price_currency: textProperty('Price') }),
    'jsonSchema.properties.price_currency',
  ],
  [
    'a name part that does not start with a letter',
    dataSchemaBody('X', { '1st_text': textProperty('First') }),
    'jsonSchema.properties.1st_text',
  ],
  [
    'a name part over 100 characters',
    dataSchemaBody('X', { [`${'a'.repeat(101)}_text`]: textProperty('Long') }),
    `jsonSchema.properties.${'a'.repeat(101)}_text`,
  ],
  [
    'one name with two coretypes',
    dataSchemaBody('X', { age_text: textProperty('Age'), age_integer: { ...ref('integer'), title: 'Age' } }),
    'jsonSchema.properties.age_integer',
  ],
  [
    'allOf naming another coretype',
    dataSchemaBody('X', { nick_text: { ...textProperty('Nick'), allOf: [{ $ref: '#/definitions/longtext' }] } }),
    'jsonSchema.properties.nick_text.allOf',
  ],
  ['no allOf', dataSchemaBody('X', { nick_text: { title: 'Nick' } }), 'jsonSchema.properties.nick_text.allOf'],
  ['no title', dataSchemaBody('X', { nick_text: { ...ref('text') } }), 'jsonSchema.properties.nick_text.title'],
  [
    'a title over 100 characters',
    dataSchemaBody('X', { nick_text: textProperty('t'.repeat(101)) }),
    'jsonSchema.properties.nick_text.title',
  ],
  [
    'a field description over 500 characters',
    dataSchemaBody('X', { nick_text: textProperty('Nick', { description: 'd'.repeat(501) }) }),
    'jsonSchema.properties.nick_text.description',
  ],
  [
    'a validation field the coretype does not take',
    dataSchemaBody('X', { nick_text: textProperty('Nick', { minimum: 1 }) }),
    'jsonSchema.properties.nick_text.minimum',
  ],
  [
    'a validation field on a coretype that takes none',
    dataSchemaBody('X', { born_date: { ...ref('date'), title: 'Born', maxLength: 10 } }),
    'jsonSchema.properties.born_date.maxLength',
  ],
  [
    'text maxLength over 100',
    dataSchemaBody('X', { nick_text: textProperty('Nick', { maxLength: 101 }) }),
    'jsonSchema.properties.nick_text.maxLength',
  ],
  [
    'longtext maxLength over 1000',
    dataSchemaBody('X', { notes_longtext: { ...ref('longtext'), title: 'Notes', maxLength: 1001 } }),
    'jsonSchema.properties.notes_longtext.maxLength',
  ],
  [
    'url maxLength over 200',
    dataSchemaBody('X', { site_url: { ...ref('url'), title: 'Site', maxLength: 201 } }),
    'jsonSchema.properties.site_url.maxLength',
  ],
  [
    'identifier maxLength 0',
    dataSchemaBody('X', { account_identifier: { ...ref('identifier'), title: 'Account', maxLength: 0 } }),
    'jsonSchema.properties.account_identifier.maxLength',
  ],
  [
    'a negative minLength',
    dataSchemaBody('X', { nick_text: textProperty('Nick', { minLength: -1 }) }),
    'jsonSchema.properties.nick_text.minLength',
  ],
  [
    'a fractional maxLength',
    dataSchemaBody('X', { nick_text: textProperty('Nick', { maxLength: 10.5 }) }),
    'jsonSchema.properties.nick_text.maxLength',
  ],
  [
    'minLength greater than maxLength',
    dataSchemaBody('X', { nick_text: textProperty('Nick', { minLength: 20, maxLength: 10 }) }),
    'jsonSchema.properties.nick_text.minLength',
  ],
  [
    'a fractional integer bound',
    dataSchemaBody('X', { tier_integer: { ...ref('integer'), title: 'Tier', maximum: 2.5 } }),
    'jsonSchema.properties.tier_integer.maximum',
  ],
  [
    'a number bound past the exact integers',
    dataSchemaBody('X', { score_number: { ...ref('number'), title: 'Score', maximum: 1e300 } }),
    'jsonSchema.properties.score_number.maximum',
  ],
  [
    'minimum greater than maximum',
    dataSchemaBody('X', { score_number: { ...ref('number'), title: 'Score', minimum: 5, maximum: 1.5 } }),
    'jsonSchema.properties.score_number.minimum',
  ],
  ['an empty enum', dataSchemaBody('X', { level_enum: enumProperty([]) }), 'jsonSchema.properties.level_enum.enum'],
  [
    'an enum of 51 values',
    dataSchemaBody('X', { level_enum: enumProperty(Array.from({ length: 51 }, (_, i) => `v${i}`)) }),
    'jsonSchema.properties.level_enum.enum',
  ],
  [
    'an enum value over 100 characters',
    dataSchemaBody('X', { level_enum: enumProperty(['v'.repeat(101)]) }),
    'jsonSchema.properties.level_enum.enum[0]',
  ],
  [
    'a duplicate enum value',
    dataSchemaBody('X', { level_enum: enumProperty(['low', 'low']) }),
    'jsonSchema.properties.level_enum.enum[1]',
  ],
  [
    '_enumProperties that is not an object',
    dataSchemaBody('X', { level_enum: { ...ref('enum'), title: 'Level', enum: ['low'], _enumProperties: [] } }),
    'jsonSchema.properties.level_enum._enumProperties',
  ],
  [
    'an enum value without a title entry',
    dataSchemaBody('X', { level_enum: enumProperty(['low', 'high'], { low: { title: 'Low' } }) }),
    'jsonSchema.properties.level_enum._enumProperties.high',
  ],
  [
    'an _enumProperties entry for no value',
    dataSchemaBody('X', { level_enum: enumProperty(['low'], { low: { title: 'Low' }, mid: { title: 'Mid' } }) }),
    'jsonSchema.properties.level_enum._enumProperties.mid',
  ],
  [
    'two enum values with one title',
    dataSchemaBody('X', {
      level_enum: enumProperty(['low', 'lower'], { low: { title: 'Low' }, lower: { title: 'Low' } }),
    }),
    'jsonSchema.properties.level_enum._enumProperties.lower.title',
  ],
  [
    '_disabled that is not a boolean',
    dataSchemaBody('X', { level_enum: enumProperty(['low'], { low: { title: 'Low', _disabled: 'no' } }) }),
    'jsonSchema.properties.level_enum._enumProperties.low._disabled',
  ],
  [
    'tag maxItems over 10',
    dataSchemaBody('X', { labels_tag: { ...ref('tag'), title: 'Labels', maxItems: 11 } }),
    'jsonSchema.properties.labels_tag.maxItems',
  ],
  [
    'tag items maxLength over 100',
    dataSchemaBody('X', { labels_tag: { ...ref('tag'), title: 'Labels', items: { maxLength: 101 } } }),
    'jsonSchema.properties.labels_tag.items.maxLength',
  ],
  [
    'tag items with an unknown field',
    dataSchemaBody('X', { labels_tag: { ...ref('tag'), title: 'Labels', items: { pattern: 'a' } } }),
    'jsonSchema.properties.labels_tag.items.pattern',
  ],
  [
    'tag uniqueItems that is not a boolean',
    dataSchemaBody('X', { labels_tag: { ...ref('tag'), title: 'Labels', uniqueItems: 1 } }),
    'jsonSchema.properties.labels_tag.uniqueItems',
  ],
  [
    'tag minItems greater than maxItems',
    dataSchemaBody('X', { labels_tag: { ...ref('tag'), title: 'Labels', minItems: 5, maxItems: 2 } }),
    'jsonSchema.properties.labels_tag.minItems',
  ],
  [
    'required naming no property',
    dataSchemaBody('X', undefined, {
      jsonSchema: { properties: { nick_text: textProperty('Nick') }, required: ['nick'] },
    }),
    'jsonSchema.required[0]',
  ],
  [
    'required listing a key twice',
    dataSchemaBody('X', undefined, {
      jsonSchema: { properties: { nick_text: textProperty('Nick') }, required: ['nick_text', 'nick_text'] },
    }),
    'jsonSchema.required[1]',
  ],
  ['a POST with version 2', dataSchemaBody('X', undefined, { version: 2 }), 'version'],
];

describe('invalid bodies: 400 dynamic.schema.invalid at the value at fault', () => {
  it.each(INVALID_BODIES)('%s', async (_what, body, fieldName) => {
    const reply = await call('POST', W, body, { 'ININ-Correlation-Id': 'bad-body' });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'dynamic.schema.invalid', status: 400, contextId: 'bad-body' });
    expect(reply.body.details[0]).toEqual({ errorCode: 'dynamic.schema.invalid', fieldName });
    expect(emulator.dataSchemas('workitems')).toEqual([]);
  });

  it('says what is missing, and what was sent instead', async () => {
    const missing = await call('POST', W, {
      version: 1,
      jsonSchema: { properties: { nick_text: { allOf: [{ $ref: '#/definitions/text' }] } } },
    });
    expect(missing.body.errors.map((e: { message: string }) => e.message)).toEqual([
      'name is required',
      'title is required',
    ]);
    const wrong = await call('POST', W, dataSchemaBody('X', undefined, { enabled: 'yes', version: null }));
    expect(wrong.body.errors.map((e: { message: string }) => e.message)).toEqual([
      'version must be a whole number of at least 1, not null',
      'enabled must be true or false, not string "yes"',
    ]);
  });

  it('refuses deeply nested values where it reads or keeps them, with a 400 that does not quote them', async () => {
    const levels = 100_000;
    const deep = '['.repeat(levels) + ']'.repeat(levels);
    const body = (jsonSchemaExtra: string, top = ''): string =>
      `{"name":"Deep","version":1,${top}"jsonSchema":{"title":"Deep","properties":{"nick_text":{"title":"Nick","allOf":[{"$ref":"#/definitions/text"}]}}${jsonSchemaExtra}}}`;
    const cases: Array<[string, string]> = [
      [body('', `"appliesTo":${deep},`), 'appliesTo'],
      [body(`,"additionalProperties":${deep}`), 'jsonSchema.additionalProperties'],
      [body(`,"id":${deep}`), 'jsonSchema.id'],
    ];
    for (const [text, fieldName] of cases) {
      const reply = await call('POST', W, text);
      expect(reply.status).toBe(400);
      expect(reply.body.details).toEqual([{ errorCode: 'dynamic.schema.invalid', fieldName }]);
      expect(reply.body.message.length).toBeLessThan(300);
    }
    expect(emulator.dataSchemas('workitems')).toEqual([]);
  });

  it('a body that is not JSON', async () => {
    const reply = await call('POST', W, '{"name": ');
    expect(reply.status).toBe(400);
    expect(reply.body.details).toEqual([{ errorCode: 'dynamic.schema.invalid', fieldName: '' }]);
  });

  it('lists every problem of one body, one errors[] entry each', async () => {
    const reply = await call(
      'POST',
      W,
      dataSchemaBody(
        'X',
        { nick_text: textProperty('Nick', { maxLength: 500 }), level_enum: enumProperty([]) },
        { enabled: 'no' },
      ),
    );
    expect(reply.status).toBe(400);
    expect(reply.body.details.map((d: { fieldName: string }) => d.fieldName)).toEqual([
      'enabled',
      'jsonSchema.properties.nick_text.maxLength',
      'jsonSchema.properties.level_enum.enum',
    ]);
    expect(reply.body.errors).toHaveLength(3);
    expect(reply.body.message).toMatch(/and 2 more problems/);
  });

  it('an invalid PUT changes nothing', async () => {
    const created = (await call('POST', W, dataSchemaBody('Loan'))).body;
    const reply = await call(
      'PUT',
      `${W}/${created.id}`,
      dataSchemaBody('Loan', { nick_text: textProperty('Nick', { maxLength: 101 }) }, { version: 1 }),
    );
    expect(reply.status).toBe(400);
    expect((await call('GET', `${W}/${created.id}`)).body.version).toBe(1);
  });
});

describe('names are unique in a family', () => {
  it('a POST with a taken name (any case) is 409 dynamic.schema.name.exists; another family may use it', async () => {
    await call('POST', W, dataSchemaBody('Loan'));
    const twin = await call('POST', W, dataSchemaBody('LOAN'));
    expect(twin.status).toBe(409);
    expect(twin.body).toMatchObject({ code: 'dynamic.schema.name.exists', messageParams: { name: 'LOAN' } });
    expect((await call('POST', BASE.contacts, dataSchemaBody('Loan'))).status).toBe(200);
  });

  it("a PUT may keep its own name but not take another's", async () => {
    const loan = (await call('POST', W, dataSchemaBody('Loan'))).body;
    await call('POST', W, dataSchemaBody('Claim'));
    expect((await call('PUT', `${W}/${loan.id}`, dataSchemaBody('Loan', undefined, { version: 1 }))).status).toBe(200);
    const taken = await call('PUT', `${W}/${loan.id}`, dataSchemaBody('claim', undefined, { version: 2 }));
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('dynamic.schema.name.exists');
  });
});

describe('limits: 400 dynamic.schema.limit.exceeded', () => {
  it('fields per schema', async () => {
    const reply = await call('POST', W, dataSchemaBody('Loan', manyProperties(5)));
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      code: 'dynamic.schema.limit.exceeded',
      messageParams: { count: '5', max: '4' },
    });
    expect(reply.body.details).toEqual([
      { errorCode: 'dynamic.schema.limit.exceeded', fieldName: 'jsonSchema.properties' },
    ]);
    expect((await call('POST', W, dataSchemaBody('Loan', manyProperties(4)))).status).toBe(200);
  });

  it('fields per org, counting the other live schemas of the family', async () => {
    await call('POST', W, dataSchemaBody('Loan', manyProperties(4)));
    const over = await call('POST', W, dataSchemaBody('Claim', manyProperties(3)));
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ code: 'dynamic.schema.limit.exceeded', messageParams: { count: '7', max: '6' } });
    expect((await call('POST', W, dataSchemaBody('Claim', manyProperties(2)))).status).toBe(200);
  });

  it('schemas per org; a soft-deleted workitem schema does not count', async () => {
    const ids: string[] = [];
    for (const name of ['A', 'B', 'C']) ids.push((await call('POST', W, dataSchemaBody(name, {}))).body.id);
    const fourth = await call('POST', W, dataSchemaBody('D', {}));
    expect(fourth.status).toBe(400);
    expect(fourth.body).toMatchObject({
      code: 'dynamic.schema.limit.exceeded',
      messageParams: { count: '3', max: '3' },
    });
    expect(fourth.body.details[0]?.fieldName).toBe('');
    await call('DELETE', `${W}/${ids[0]}`);
    expect((await call('POST', W, dataSchemaBody('D', {}))).status).toBe(200);
  });

  it('contact and organization schemas count together', async () => {
    expect((await call('POST', BASE.contacts, dataSchemaBody('Customer'))).status).toBe(200);
    expect((await call('POST', BASE.organizations, dataSchemaBody('Partner'))).status).toBe(200);
    const third = await call('POST', BASE.contacts, dataSchemaBody('Supplier'));
    expect(third.status).toBe(400);
    expect(third.body).toMatchObject({
      code: 'dynamic.schema.limit.exceeded',
      messageParams: { count: '2', max: '2' },
    });
  });
});

describe('what contacts and organizations keep', () => {
  it.each(['contacts', 'organizations'] as const)(
    '%s: a PUT may not drop a field or an enum value (400, each at its path)',
    async (family) => {
      const base = BASE[family];
      const properties = { nick_text: textProperty('Nick'), level_enum: enumProperty(['low', 'high']) };
      const created = (await call('POST', base, dataSchemaBody('Customer', properties))).body;
      const reply = await call(
        'PUT',
        `${base}/${created.id}`,
        dataSchemaBody('Customer', { level_enum: enumProperty(['low']) }, { version: 1 }),
      );
      expect(reply.status).toBe(400);
      expect(reply.body.details).toEqual([
        { errorCode: 'dynamic.schema.field.removed', fieldName: 'jsonSchema.properties.nick_text' },
        { errorCode: 'dynamic.schema.enum.value.removed', fieldName: 'jsonSchema.properties.level_enum.enum' },
      ]);
      expect(reply.body.errors[0]?.messageParams).toEqual({ field: 'nick_text' });
      expect(reply.body.errors[1]?.messageParams).toEqual({ value: 'high', field: 'level_enum' });
      // A field's coretype is in its key: changing it drops the old key.
      const retyped = await call(
        'PUT',
        `${base}/${created.id}`,
        dataSchemaBody(
          'Customer',
          { nick_longtext: { ...ref('longtext'), title: 'Nick' }, level_enum: properties.level_enum },
          { version: 1 },
        ),
      );
      expect(retyped.body.details).toEqual([
        { errorCode: 'dynamic.schema.field.removed', fieldName: 'jsonSchema.properties.nick_text' },
      ]);
      // Disabling a value and adding fields are fine.
      const kept = await call(
        'PUT',
        `${base}/${created.id}`,
        dataSchemaBody(
          'Customer',
          {
            ...properties,
            level_enum: enumProperty(['low', 'high'], {
              low: { title: 'Low' },
              high: { title: 'High', _disabled: true },
            }),
            vip_checkbox: { ...ref('checkbox'), title: 'VIP' },
          },
          { version: 1 },
        ),
      );
      expect(kept.status).toBe(200);
    },
  );

  it('workitems: fields and enum values may be removed', async () => {
    const created = (
      await call(
        'POST',
        W,
        dataSchemaBody('Loan', { nick_text: textProperty('Nick'), level_enum: enumProperty(['low', 'high']) }),
      )
    ).body;
    const reply = await call(
      'PUT',
      `${W}/${created.id}`,
      dataSchemaBody('Loan', { level_enum: enumProperty(['low']) }, { version: 1 }),
    );
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body.jsonSchema.properties)).toEqual(['level_enum']);
  });
});
