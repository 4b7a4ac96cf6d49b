/**
 * The body checks read a body's own properties only: an emulator running in a process whose Object.prototype
 * carries a property (a library that adds one, or a polluted prototype) judges a body by what it holds. A
 * property the body lacks is absent, whatever the prototype says: a valid body is taken as sent, and a body that
 * lacks what it needs is refused.
 */
import { describe, expect, it } from 'vitest';
import { checkBodyStructure } from '../../src/emulator/body-structure.js';
import { checkDataSchemaBody } from '../../src/emulator/dataschema/body-checks.js';
import { FAMILIES } from '../../src/emulator/dataschema/families.js';
import { DEFAULT_DATA_SCHEMA_LIMITS } from '../../src/emulator/dataschema/quantity-limits.js';
import { dataSchemaBody, textProperty } from './dataschema-fixtures.js';
import { nestedFields, schemaBody } from './emulator-fixtures.js';

const prototype = Object.prototype as Record<string, unknown>;

/** A JSON body as the request handler gets it: what JSON.parse made of its text. */
function parsed(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/**
 * What `check` returns while Object.prototype holds `values` (enumerable, as a plain assignment makes them). They
 * are removed before anything else runs, even when the check throws: the result is compared after cleaning up.
 */
function whilePolluted<T>(values: Record<string, unknown>, check: () => T): T {
  const keys = Object.keys(values);
  try {
    for (const key of keys)
      Object.defineProperty(prototype, key, {
        value: values[key],
        enumerable: true,
        configurable: true,
        writable: true,
      });
    return check();
  } finally {
    for (const key of keys) delete prototype[key];
  }
}

describe('checkBodyStructure', () => {
  it('ignores enumerable properties a body inherits', () => {
    const body = parsed(
      schemaBody('inherits', {
        fields: [
          ...nestedFields(2),
          { name: 'tags', fieldtype: 'list', constraints: { items: { fieldtype: 'string' } } },
        ],
      }),
    );
    expect(checkBodyStructure(body).ok).toBe(true);
    expect(whilePolluted({ extra: 1 }, () => checkBodyStructure(body))).toMatchObject({ ok: true });
  });

  it('takes a valid body as sent when the prototype names properties it lacks', () => {
    const body = parsed({
      externalId: 'plain',
      name: 'Plain',
      version: 1,
      status: 'DRAFT',
      fields: [
        { name: 'title', fieldtype: 'string' },
        { name: 'flag', fieldtype: 'boolean' },
        { name: 'tags', fieldtype: 'list', constraints: { items: { fieldtype: 'string' } } },
        { name: 'size', fieldtype: 'number', constraints: { min: 1 } },
      ],
    });
    const expected = checkBodyStructure(body);
    expect(expected).toMatchObject({ ok: true });
    const judged = whilePolluted(
      {
        description: 5,
        required: 'yes',
        constraints: 5,
        minLength: 10,
        maxLength: 2,
        max: 0,
        pattern: '(',
        enum: 5,
      },
      () => checkBodyStructure(body),
    );
    expect(judged).toEqual(expected);
    // A string on the prototype was taken, and stored, as the description of a body without one.
    const described = whilePolluted({ description: 'Inherited' }, () => checkBodyStructure(body));
    expect(described).toEqual(expected);
    expect(described.ok && Object.hasOwn(described.body, 'description')).toBe(false);
  });

  it('refuses a body lacking what it needs though the prototype holds it', () => {
    const body = parsed({
      fields: [
        { name: 'owner', fieldtype: 'reference' },
        { name: 'tags', fieldtype: 'list', constraints: {} },
      ],
    });
    const judged = whilePolluted(
      {
        externalId: 'order',
        name: 'Order',
        version: 1,
        status: 'DRAFT',
        referencedType: 'order',
        items: { fieldtype: 'string' },
      },
      () => checkBodyStructure(body),
    );
    expect(judged.ok ? [] : judged.problems.map((problem) => problem.fieldName)).toEqual([
      'externalId',
      'name',
      'version',
      'status',
      'fields[0].constraints.referencedType',
      'fields[1].constraints.items',
    ]);
    const noFields = whilePolluted({ fields: [] }, () =>
      checkBodyStructure(parsed(schemaBody('x', { fields: undefined }))),
    );
    expect(noFields).toMatchObject({ ok: false, problems: [{ fieldName: 'fields' }] });
  });
});

describe('checkDataSchemaBody', () => {
  const check = (body: unknown): ReturnType<typeof checkDataSchemaBody> =>
    checkDataSchemaBody(body, FAMILIES.contacts, DEFAULT_DATA_SCHEMA_LIMITS.contacts);

  it('takes a valid body as sent when the prototype names properties it lacks', () => {
    const body = parsed(
      dataSchemaBody('plain', {
        nickname_text: { allOf: [{ $ref: '#/definitions/text' }], title: 'Nickname' },
        level_enum: {
          allOf: [{ $ref: '#/definitions/enum' }],
          title: 'Level',
          enum: ['gold'],
          _enumProperties: { gold: { title: 'Gold' } },
        },
        labels_tag: { allOf: [{ $ref: '#/definitions/tag' }], title: 'Labels', items: { maxLength: 20 } },
        score_integer: { allOf: [{ $ref: '#/definitions/integer' }], title: 'Score' },
      }),
    );
    const expected = check(body);
    expect(expected).toHaveProperty('write');
    const judged = whilePolluted(
      {
        appliesTo: 5,
        enabled: 'no',
        $schema: 5,
        id: 5,
        additionalProperties: 5,
        type: 'array',
        description: 5,
        required: 5,
        minLength: 10,
        maxLength: 2,
        minimum: 9,
        maximum: 1,
        minItems: 9,
        maxItems: 1,
        uniqueItems: 5,
        _disabled: 5,
      },
      () => check(body),
    );
    expect(judged).toEqual(expected);
  });

  it('refuses a body lacking what it needs though the prototype holds it', () => {
    const body = parsed({
      jsonSchema: {
        properties: {
          nickname_text: { allOf: [{ $ref: '#/definitions/text' }] },
          level_enum: { allOf: [{ $ref: '#/definitions/enum' }], title: 'Level', enum: ['gold'] },
        },
      },
    });
    const judged = whilePolluted(
      // An inherited `_enumProperties` of another kind would be refused if it were read as the body's own.
      { name: 'Plain', version: 1, title: 'Inherited', _enumProperties: 'none', gold: {} },
      () => check(body),
    );
    expect('problems' in judged ? judged.problems.map((problem) => problem.fieldName) : []).toEqual([
      'name',
      'version',
      'jsonSchema.properties.nickname_text.title',
    ]);
    const noSchema = whilePolluted({ jsonSchema: { properties: { a_text: textProperty('A') } } }, () =>
      check(parsed({ name: 'x', version: 1 })),
    );
    expect(noSchema).toMatchObject({ problems: [{ fieldName: 'jsonSchema' }] });
  });
});
