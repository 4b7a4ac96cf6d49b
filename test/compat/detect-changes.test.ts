import { describe, expect, it } from 'vitest';
import { detectCompatChanges } from '../../src/compat/index.js';
import type { SchemaField } from '../../src/model/schema.js';

function rules(before: SchemaField[], after: SchemaField[]): Array<[string, string, boolean]> {
  return detectCompatChanges('s', before, after).map((c) => [c.rule, c.field, c.insideItems === true]);
}

const address = (street: SchemaField): SchemaField => ({
  name: 'address',
  fieldtype: 'object',
  constraints: { items: { fields: [street] } },
});

describe('detectCompatChanges', () => {
  it('finds nothing between equal versions, nor when a default is written out', () => {
    const before: SchemaField[] = [
      { name: 'title', fieldtype: 'string' },
      { name: 'tags', fieldtype: 'list', constraints: { items: { fieldtype: 'string' } } },
    ];
    const after: SchemaField[] = [
      { name: 'title', fieldtype: 'string', constraints: { maxLength: 255, minLength: 0 } },
      {
        name: 'tags',
        fieldtype: 'list',
        constraints: { items: { fieldtype: 'string', constraints: { maxLength: 255 } }, maxItems: 100 },
      },
    ];
    expect(detectCompatChanges('s', before, before)).toEqual([]);
    expect(detectCompatChanges('s', before, after)).toEqual([]);
  });

  it('adds an optional field without a finding', () => {
    expect(rules([], [{ name: 'note', fieldtype: 'string' }])).toEqual([]);
  });

  it("checks an object's nested fields with the same rules, at their full path, marked inside items", () => {
    const before = [address({ name: 'street', fieldtype: 'string', required: true })];
    const after = [address({ name: 'street', fieldtype: 'string', constraints: { maxLength: 80 } })];
    expect(rules(before, after)).toEqual([
      ['REQUIRED_TO_OPTIONAL', 'address.street', true],
      ['MAX_LENGTH_DECREASED', 'address.street', true],
    ]);
    expect(rules(before, [address({ name: 'city', fieldtype: 'string' })])).toEqual([
      ['REQUIRED_FIELD_REMOVED', 'address.street', true],
    ]);
  });

  it("checks a list's element constraints at path[] and objects inside list elements", () => {
    const list = (element: Record<string, unknown>): SchemaField =>
      ({ name: 'lines', fieldtype: 'list', constraints: { items: element } }) as unknown as SchemaField;
    expect(
      rules(
        [list({ fieldtype: 'string', constraints: { enum: ['a', 'b'] } })],
        [list({ fieldtype: 'string', constraints: { enum: ['a'] } })],
      ),
    ).toEqual([['ENUM_VALUE_REMOVED', 'lines[]', true]]);
    const objects = (qty: Record<string, unknown>): SchemaField =>
      list({ fieldtype: 'object', constraints: { items: { fields: [{ name: 'qty', fieldtype: 'number', ...qty }] } } });
    expect(rules([objects({})], [objects({ required: true, constraints: { min: 1 } })])).toEqual([
      ['OPTIONAL_TO_REQUIRED', 'lines[].qty', true],
      ['MIN_INCREASED', 'lines[].qty', true],
    ]);
  });

  it('reports a type change alone, without comparing constraints across types', () => {
    const before: SchemaField[] = [
      { name: 'code', fieldtype: 'string', required: true, constraints: { maxLength: 10 } },
    ];
    const after: SchemaField[] = [
      { name: 'code', fieldtype: 'longText', required: true, constraints: { maxLength: 5 } },
    ];
    expect(rules(before, after)).toEqual([['FIELD_TYPE_CHANGED', 'code', false]]);
    const obj: SchemaField[] = [address({ name: 'street', fieldtype: 'string' })];
    expect(rules(obj, [{ name: 'address', fieldtype: 'string' }])).toEqual([['FIELD_TYPE_CHANGED', 'address', false]]);
  });

  it('reports a removed object once, not each of its nested fields', () => {
    expect(rules([address({ name: 'street', fieldtype: 'string', required: true })], [])).toEqual([
      ['FIELD_REMOVED', 'address', false],
    ]);
  });

  it('treats adding and removing an enum as removing and adding values', () => {
    const tier = (constraints?: SchemaField['constraints']): SchemaField[] => [
      { name: 'tier', fieldtype: 'string', ...(constraints ? { constraints } : {}) },
    ];
    expect(rules(tier(), tier({ enum: ['gold'] }))).toEqual([['ENUM_VALUE_REMOVED', 'tier', false]]);
    expect(rules(tier({ enum: ['gold'] }), tier())).toEqual([['ENUM_VALUE_ADDED', 'tier', false]]);
    expect(rules(tier({ enum: ['gold', 'silver'] }), tier({ enum: ['silver', 'gold'] }))).toEqual([]);
    expect(rules(tier({ enum: ['gold'] }), tier({ enum: ['silver'] }))).toEqual([
      ['ENUM_VALUE_REMOVED', 'tier', false],
      ['ENUM_VALUE_ADDED', 'tier', false],
    ]);
  });

  it('compares dateTime bounds as instants and number bounds numerically, adding a bound as tightening', () => {
    const at = (max?: string): SchemaField[] => [
      { name: 'at', fieldtype: 'dateTime', ...(max ? { constraints: { max } } : {}) },
    ];
    expect(rules(at('2024-01-01T00:00:00Z'), at('2024-01-01T01:00:00+01:00'))).toEqual([]);
    expect(rules(at('2024-01-01T00:00:00Z'), at('2023-12-31T00:00:00Z'))).toEqual([['MAX_DECREASED', 'at', false]]);
    expect(rules(at(), at('2030-01-01T00:00:00Z'))).toEqual([['MAX_DECREASED', 'at', false]]);
    const size: SchemaField[] = [{ name: 'size', fieldtype: 'number', constraints: { min: 2 } }];
    expect(rules(size, [{ name: 'size', fieldtype: 'number', constraints: { min: 10 } }])).toEqual([
      ['MIN_INCREASED', 'size', false],
    ]);
  });

  it('uses the type default for an unset maxLength, and none for file', () => {
    const field = (fieldtype: SchemaField['fieldtype'], maxLength?: number): SchemaField[] => [
      { name: 'f', fieldtype, ...(maxLength === undefined ? {} : { constraints: { maxLength } }) },
    ];
    expect(rules(field('phone'), field('phone', 32))).toEqual([]);
    expect(rules(field('phone'), field('phone', 20))).toEqual([['MAX_LENGTH_DECREASED', 'f', false]]);
    expect(rules(field('longText'), field('longText', 8000))).toEqual([['MAX_LENGTH_INCREASED', 'f', false]]);
    expect(rules(field('file'), field('file', 500))).toEqual([['MAX_LENGTH_DECREASED', 'f', false]]);
    const [loosened] = detectCompatChanges('s', field('file', 500), field('file'));
    expect(loosened).toMatchObject({ rule: 'MAX_LENGTH_INCREASED', before: 500 });
    expect(loosened && 'after' in loosened).toBe(false);
    expect(loosened?.message).toBe(
      'maxLength increased from 500 to none: new values may be longer than consumers on the old version accept',
    );
  });

  it('skips malformed input instead of throwing', () => {
    const malformed = [
      null,
      { name: 'x' },
      { name: 'y', fieldtype: 'number', constraints: { max: 'high' } },
    ] as unknown as SchemaField[];
    const fine: SchemaField[] = [{ name: 'y', fieldtype: 'number', constraints: { max: 3 } }];
    expect(rules(malformed, fine)).toEqual([]);
    expect(rules(fine, malformed)).toEqual([]);
  });
});
