/**
 * RECORD_SIZE_LIMIT's estimate is an upper bound: for generated schemas, records valid under them (built at
 * their maxima, from the characters that cost the most JSON) never serialise to more bytes than the estimate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateRecordSize, MAX_NUMBER_JSON_BYTES } from '../../src/rules/record-size-estimate.js';
import { propertyRuns } from '../support/property-runs.js';

type Field = { name: string; fieldtype: string; required?: boolean; constraints?: Record<string, unknown> };

const STRING_TYPES = ['string', 'email', 'phone', 'url', 'longText'] as const;
const DEFAULT_MAX_LENGTH: Record<string, number> = { string: 255, email: 254, phone: 32, url: 1000, longText: 4000 };

/** The characters that cost the most JSON: control characters, quotes, backslashes, lone surrogates, astral. */
const costlyCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('"', '\\', '\u2028', '\u00e9', '\uffff'),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
  fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
);

/** A string of `length` characters (code points), all expensive, or shorter. */
function costlyString(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.array(costlyCharacter, { minLength: maxLength, maxLength }).map((chars) => chars.join('')),
    fc.array(costlyCharacter, { maxLength }).map((chars) => chars.join('')),
  );
}

const uuid = fc.uuid();
const isoDateTime = fc
  .record({
    sign: fc.constantFrom('', '+', '-'),
    year: fc.oneof(
      fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')),
      fc.integer({ min: 0, max: 999999 }).map((y) => String(y).padStart(6, '0')),
    ),
    fraction: fc.option(fc.integer({ min: 1, max: 9 }).map((n) => '.' + '9'.repeat(n))),
    offset: fc.constantFrom('Z', '+14:00', '-12:30', ''),
  })
  .map(({ sign, year, fraction, offset }) => `${sign}${year}-12-31T23:59:59${fraction ?? ''}${offset}`);

function leafField(): fc.Arbitrary<Omit<Field, 'name'>> {
  return fc.oneof(
    fc.record(
      {
        fieldtype: fc.constantFrom(...STRING_TYPES),
        constraints: fc.record({ maxLength: fc.integer({ min: 0, max: 40 }) }, { requiredKeys: [] }),
      },
      { requiredKeys: ['fieldtype'] },
    ),
    fc.record({
      fieldtype: fc.constant('string'),
      constraints: fc.record({ enum: fc.array(costlyString(6), { minLength: 1, maxLength: 4 }) }),
    }),
    fc.record({
      fieldtype: fc.constant('number'),
      constraints: fc.record(
        { enum: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 3 }) },
        { requiredKeys: [] },
      ),
    }),
    fc.record({ fieldtype: fc.constantFrom('boolean', 'dateTime') }),
    fc.record({ fieldtype: fc.constant('reference'), constraints: fc.constant({ referencedType: 'contact' }) }),
    fc.record({
      fieldtype: fc.constant('file'),
      constraints: fc.record({ maxLength: fc.integer({ min: 0, max: 30 }) }, { requiredKeys: [] }),
    }),
  );
}

const fieldList = (depth: number): fc.Arbitrary<Field[]> =>
  fc
    .array(fieldOf(depth), { maxLength: depth === 0 ? 6 : 3 })
    .map((fields) => fields.map((field, index) => ({ ...field, name: `f${index}` })));

function fieldOf(depth: number): fc.Arbitrary<Omit<Field, 'name'>> {
  const options: Array<fc.Arbitrary<Omit<Field, 'name'>>> = [leafField(), leafField()];
  const itemType = depth < 3 ? fc.oneof(leafField(), objectField(depth)) : leafField();
  options.push(
    fc.record({
      fieldtype: fc.constant('list'),
      constraints: fc.record(
        {
          maxItems: fc.integer({ min: 0, max: 4 }),
          items: itemType.map((item) => ({
            fieldtype: item.fieldtype,
            ...(item.constraints ? { constraints: item.constraints } : {}),
          })),
        },
        { requiredKeys: ['items'] },
      ),
    }),
  );
  if (depth < 3) options.push(objectField(depth));
  return fc.oneof(...options).chain((field) => fc.boolean().map((required) => ({ ...field, required })));
}

function objectField(depth: number): fc.Arbitrary<Omit<Field, 'name'>> {
  return fc
    .constant(null)
    .chain(() => fieldList(depth + 1).map((fields) => ({ fieldtype: 'object', constraints: { items: { fields } } })));
}

/** Records valid under a field: at its maxima often, anything allowed otherwise. */
function valueOf(field: Omit<Field, 'name'>): fc.Arbitrary<unknown> {
  const constraints = field.constraints ?? {};
  switch (field.fieldtype) {
    case 'string':
    case 'email':
    case 'phone':
    case 'url':
    case 'longText': {
      if (Array.isArray(constraints['enum'])) return fc.constantFrom(...(constraints['enum'] as string[]));
      const maxLength =
        (constraints['maxLength'] as number | undefined) ?? Math.min(DEFAULT_MAX_LENGTH[field.fieldtype]!, 300);
      return costlyString(maxLength);
    }
    case 'number':
      if (Array.isArray(constraints['enum'])) return fc.constantFrom(...(constraints['enum'] as number[]));
      return fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constant(-0.0000012345678901234567),
        fc.constant(-1.2345678901234567e-308),
      );
    case 'boolean':
      return fc.boolean();
    case 'dateTime':
      return isoDateTime;
    case 'reference':
      return uuid.map((id) => ({ id }));
    case 'file': {
      const maxBytes = (constraints['maxLength'] as number | undefined) ?? 255;
      // A name of at most maxBytes UTF-8 bytes.
      return fc.tuple(uuid, fc.array(costlyCharacter, { maxLength: maxBytes })).map(([id, chars]) => {
        let name = '';
        for (const char of chars) if (Buffer.byteLength(name + char) <= maxBytes) name += char;
        return { id, name };
      });
    }
    case 'list': {
      const items = constraints['items'] as Omit<Field, 'name'>;
      const maxItems = (constraints['maxItems'] as number | undefined) ?? 3;
      return fc.array(valueOf(items), { minLength: maxItems, maxLength: maxItems });
    }
    case 'object':
      return recordOf((constraints['items'] as { fields: Field[] }).fields);
    default:
      throw new Error(`unexpected fieldtype ${field.fieldtype}`);
  }
}

function recordOf(fields: readonly Field[]): fc.Arbitrary<Record<string, unknown>> {
  const entries = fields.map((field) =>
    fc
      .oneof(
        { arbitrary: valueOf(field), weight: 4 },
        { arbitrary: fc.constant(null), weight: 1 },
        { arbitrary: fc.constant(undefined), weight: 1 },
      )
      .map((value) => [field.name, value] as const),
  );
  return fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs.filter(([, value]) => value !== undefined)));
}

describe('record size estimate', () => {
  it('bounds the JSON size of every generated record valid under a generated schema', () => {
    fc.assert(
      fc.property(
        fieldList(0).chain((fields) => recordOf(fields).map((record) => ({ fields, record }))),
        ({ fields, record }) => {
          const estimate = estimateRecordSize(fields);
          expect(Buffer.byteLength(JSON.stringify(record))).toBeLessThanOrEqual(estimate.bytes);
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });

  it('is close to tight for strings of control characters and for the longest number', () => {
    const fields = [
      { name: 'a', fieldtype: 'string', constraints: { maxLength: 1000 } },
      { name: 'n', fieldtype: 'number' },
    ];
    const record = { a: '\u0001'.repeat(1000), n: -0.0000012345678901234567 };
    expect(JSON.stringify(record.n)).toHaveLength(MAX_NUMBER_JSON_BYTES);
    expect(Buffer.byteLength(JSON.stringify(record))).toBe(estimateRecordSize(fields).bytes);
  });

  it('lists the heaviest fields first', () => {
    const estimate = estimateRecordSize([
      { name: 'small', fieldtype: 'boolean' },
      { name: 'notes', fieldtype: 'longText', constraints: { maxLength: 32000 } },
      { name: 'tags', fieldtype: 'list', constraints: { items: { fieldtype: 'string' } } },
    ]);
    expect(estimate.fields.map((field) => field.path)).toEqual(['notes', 'tags', 'small']);
    expect(estimate.fields[0]!.bytes).toBeGreaterThan(192000);
    expect(estimate.bytes).toBeGreaterThan(102400);
  });
});
