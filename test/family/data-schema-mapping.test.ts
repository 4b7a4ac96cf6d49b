import { describe, expect, it } from 'vitest';
import {
  CONTACTS_FAMILY,
  CUSTOM_OBJECTS_FAMILY,
  ORGANIZATIONS_FAMILY,
  CORE_TYPES,
  WORKITEMS_FAMILY,
  toCoreField,
} from '../../src/family/index.js';
import { coreFields } from '../../src/family/data-schema/content-equality.js';
import { FIELD_TYPE_FACTS } from '../../src/model/field-types.js';
import { fromDataSchemaBody, toDataSchemaBody } from '../../src/family/data-schema/wire.js';
import { identityOfName } from '../../src/family/data-schema/identity.js';
import type { FieldType, SchemaField, SchemaWriteBody } from '../../src/model/schema.js';

function bodyWith(fields: SchemaField[], extra: Partial<SchemaWriteBody> = {}): SchemaWriteBody {
  return {
    externalId: 'loan_application',
    name: 'Loan application',
    version: 1,
    status: 'PUBLISHED',
    fields,
    ...extra,
  };
}

/** Our field, the property it becomes, and the field it reads back as. */
const MAPPINGS: Array<{ field: SchemaField; key: string; property: Record<string, unknown>; back?: SchemaField }> = [
  {
    field: { name: 'summary', fieldtype: 'string', constraints: { minLength: 1, maxLength: 80 } },
    key: 'summary_text',
    property: { allOf: [{ $ref: '#/definitions/text' }], title: 'summary', minLength: 1, maxLength: 80 },
  },
  {
    field: { name: 'notes', fieldtype: 'longText', description: 'Free text', constraints: { maxLength: 900 } },
    key: 'notes_longtext',
    property: { allOf: [{ $ref: '#/definitions/longtext' }], title: 'notes', description: 'Free text', maxLength: 900 },
  },
  {
    field: { name: 'link', fieldtype: 'url' },
    key: 'link_url',
    property: { allOf: [{ $ref: '#/definitions/url' }], title: 'link' },
  },
  {
    field: { name: 'amount', fieldtype: 'number', constraints: { min: 0.5, max: 1000 } },
    key: 'amount_number',
    property: { allOf: [{ $ref: '#/definitions/number' }], title: 'amount', minimum: 0.5, maximum: 1000 },
  },
  {
    field: { name: 'urgent', fieldtype: 'boolean' },
    key: 'urgent_checkbox',
    property: { allOf: [{ $ref: '#/definitions/checkbox' }], title: 'urgent' },
  },
  {
    field: { name: 'due', fieldtype: 'dateTime' },
    key: 'due_datetime',
    property: { allOf: [{ $ref: '#/definitions/datetime' }], title: 'due' },
  },
  {
    field: { name: 'kind', fieldtype: 'string', constraints: { enum: ['home', 'car'] } },
    key: 'kind_enum',
    property: {
      allOf: [{ $ref: '#/definitions/enum' }],
      title: 'kind',
      enum: ['home', 'car'],
      _enumProperties: { home: { title: 'home', _disabled: false }, car: { title: 'car', _disabled: false } },
    },
  },
  {
    field: {
      name: 'labels',
      fieldtype: 'list',
      constraints: { maxItems: 5, items: { fieldtype: 'string', constraints: { minLength: 1, maxLength: 20 } } },
    },
    key: 'labels_tag',
    property: {
      allOf: [{ $ref: '#/definitions/tag' }],
      title: 'labels',
      maxItems: 5,
      uniqueItems: true,
      items: { minLength: 1, maxLength: 20 },
    },
  },
  {
    field: { name: 'account', fieldtype: 'identifier', required: true, constraints: { maxLength: 40 } },
    key: 'account_identifier',
    property: { allOf: [{ $ref: '#/definitions/identifier' }], title: 'account', maxLength: 40 },
  },
  {
    field: { name: 'opened', fieldtype: 'date' },
    key: 'opened_date',
    property: { allOf: [{ $ref: '#/definitions/date' }], title: 'opened' },
  },
  {
    field: { name: 'term', fieldtype: 'integer', constraints: { min: 1, max: 360 } },
    key: 'term_integer',
    property: { allOf: [{ $ref: '#/definitions/integer' }], title: 'term', minimum: 1, maximum: 360 },
  },
  // Titles: a field's is its property's title, an enum value's its _enumProperties title.
  {
    field: {
      name: 'tier',
      fieldtype: 'string',
      title: 'Support tier',
      constraints: { enum: ['gold', 'silver'] },
      enumTitles: { gold: 'Gold level' },
    },
    key: 'tier_enum',
    property: {
      allOf: [{ $ref: '#/definitions/enum' }],
      title: 'Support tier',
      enum: ['gold', 'silver'],
      _enumProperties: {
        gold: { title: 'Gold level', _disabled: false },
        silver: { title: 'silver', _disabled: false },
      },
    },
  },
  {
    field: { name: 'score', fieldtype: 'integer', title: 'Credit score' },
    key: 'score_integer',
    property: { allOf: [{ $ref: '#/definitions/integer' }], title: 'Credit score' },
  },
  // Coretypes named directly read back as our type where one says the same thing.
  {
    field: { name: 'memo', fieldtype: 'text' },
    key: 'memo_text',
    property: { allOf: [{ $ref: '#/definitions/text' }], title: 'memo' },
    back: { name: 'memo', fieldtype: 'string' },
  },
  {
    field: { name: 'flags', fieldtype: 'tag', constraints: { maxItems: 3 } },
    key: 'flags_tag',
    property: { allOf: [{ $ref: '#/definitions/tag' }], title: 'flags', maxItems: 3, uniqueItems: true, items: {} },
    back: { name: 'flags', fieldtype: 'list', constraints: { maxItems: 3, items: { fieldtype: 'string' } } },
  },
];

describe('the DataSchema wire mapping', () => {
  for (const { field, key, property, back } of MAPPINGS) {
    it(`${field.fieldtype}${field.constraints?.enum ? ' with an enum' : ''} (${field.name}) becomes ${key} and reads back`, () => {
      const wire = toDataSchemaBody(bodyWith([field]), 'WORKITEM');
      expect(Object.keys(wire.jsonSchema.properties)).toEqual([key]);
      expect(wire.jsonSchema.properties[key]).toEqual(property);
      // Draft-04 refuses an empty `required`: a schema with no field required has none.
      expect(wire.jsonSchema.required).toEqual(field.required === true ? [key] : undefined);
      expect(Object.hasOwn(wire.jsonSchema, 'required')).toBe(field.required === true);
      const remote = fromDataSchemaBody({ ...wire, id: 'id-1', version: 1 })!;
      expect(remote.fields).toEqual([back ?? field]);
      expect(WORKITEMS_FAMILY.sameContent(remote, bodyWith([field]))).toBe(true);
    });
  }

  it('names the schema by its name, known by its identifier form, and maps status to enabled', () => {
    const wire = toDataSchemaBody(
      bodyWith([], { description: 'What a loan officer needs', status: 'DEPRECATED' }),
      'CONTACT',
    );
    expect(wire).toMatchObject({
      name: 'Loan application',
      appliesTo: ['CONTACT'],
      enabled: false,
      jsonSchema: { title: 'Loan application', description: 'What a loan officer needs' },
    });
    const remote = fromDataSchemaBody({ ...wire, id: 'x', version: 4 })!;
    expect(remote).toMatchObject({
      externalId: 'loan_application',
      name: 'Loan application',
      description: 'What a loan officer needs',
      status: 'DEPRECATED',
      version: 4,
      id: 'x',
    });
    expect(fromDataSchemaBody({ ...wire, enabled: true, id: 'x', version: 4 })!.status).toBe('PUBLISHED');
  });

  it("writes the schema's title as jsonSchema.title, and reads back only a title that is not the default", () => {
    const titled = toDataSchemaBody(bodyWith([], { title: 'Loan application form' }), 'WORKITEM');
    expect(titled.jsonSchema.title).toBe('Loan application form');
    expect(fromDataSchemaBody({ ...titled, id: 'x' })!.title).toBe('Loan application form');
    const plain = toDataSchemaBody(bodyWith([]), 'WORKITEM');
    expect(plain.jsonSchema.title).toBe('Loan application');
    expect(fromDataSchemaBody({ ...plain, id: 'x' })).not.toHaveProperty('title');
    // A property titled with its field's name, and enum values titled with themselves, read back without titles.
    const field: SchemaField = { name: 'kind', fieldtype: 'string', constraints: { enum: ['a'] } };
    expect(fromDataSchemaBody({ ...toDataSchemaBody(bodyWith([field]), 'WORKITEM'), id: 'x' })!.fields).toEqual([
      field,
    ]);
  });

  it('compares titles with their defaults filled in: a changed title is a change', () => {
    const field: SchemaField = { name: 'kind', fieldtype: 'string', constraints: { enum: ['a', 'b'] } };
    const same = (a: Partial<SchemaWriteBody> & { fields: SchemaField[] }, b: typeof a): boolean =>
      CONTACTS_FAMILY.sameContent(bodyWith(a.fields, a), bodyWith(b.fields, b));
    expect(same({ fields: [field] }, { fields: [{ ...field, title: 'kind', enumTitles: { a: 'a' } }] })).toBe(true);
    expect(same({ fields: [field] }, { fields: [field], title: 'Loan application' })).toBe(true);
    expect(same({ fields: [field] }, { fields: [field], title: 'Loan form' })).toBe(false);
    expect(same({ fields: [field] }, { fields: [{ ...field, title: 'Kind' }] })).toBe(false);
    expect(same({ fields: [field] }, { fields: [{ ...field, enumTitles: { b: 'Bee' } }] })).toBe(false);
    // A title for a value the enum does not hold is no part of the field (ENUM_INVALID reports it in a file).
    expect(same({ fields: [field] }, { fields: [{ ...field, enumTitles: { c: 'Sea' } }] })).toBe(true);
  });

  it('writes disabledValues as _disabled true, reads them back, and compares them as the set the enum holds', () => {
    const field: SchemaField = {
      name: 'kind',
      fieldtype: 'string',
      constraints: { enum: ['home', 'car', 'boat'] },
      disabledValues: ['boat', 'car'],
    };
    const wire = toDataSchemaBody(bodyWith([field]), 'CONTACT');
    expect(wire.jsonSchema.properties['kind_enum']!['_enumProperties']).toEqual({
      home: { title: 'home', _disabled: false },
      car: { title: 'car', _disabled: true },
      boat: { title: 'boat', _disabled: true },
    });
    // Read back in the enum's order.
    expect(fromDataSchemaBody({ ...wire, id: 'x' })!.fields).toEqual([{ ...field, disabledValues: ['car', 'boat'] }]);
    const plain: SchemaField = { ...field, disabledValues: [] };
    const same = (a: SchemaField, b: SchemaField): boolean => CONTACTS_FAMILY.sameContent(bodyWith([a]), bodyWith([b]));
    expect(same(field, { ...field, disabledValues: ['car', 'boat', 'car'] })).toBe(true);
    expect(same(plain, { name: 'kind', fieldtype: 'string', constraints: { enum: ['home', 'car', 'boat'] } })).toBe(
      true,
    );
    expect(same(plain, field)).toBe(false);
    expect(same(field, { ...field, disabledValues: ['car'] })).toBe(false);
    // A listed value the enum does not hold is no part of the field (ENUM_INVALID reports it in a file).
    expect(same(plain, { ...field, disabledValues: ['bike'] })).toBe(true);
  });

  it('maps enum values named like object built-ins (constructor, __proto__) and their titles both ways', () => {
    const enumTitles = JSON.parse('{"constructor":"Builder","__proto__":"Prototype","car":"Car loan"}') as Record<
      string,
      string
    >;
    const field: SchemaField = {
      name: 'kind',
      fieldtype: 'string',
      constraints: { enum: ['constructor', '__proto__', 'toString', 'car'] },
      enumTitles,
    };
    const wire = toDataSchemaBody(bodyWith([field]), 'CONTACT');
    const sent = JSON.parse(JSON.stringify(wire)) as typeof wire;
    expect(sent.jsonSchema.properties['kind_enum']).toMatchObject({
      _enumProperties: {
        constructor: { title: 'Builder', _disabled: false },
        ['__proto__']: { title: 'Prototype', _disabled: false },
        toString: { title: 'toString', _disabled: false },
        car: { title: 'Car loan', _disabled: false },
      },
    });
    const back = fromDataSchemaBody({ ...sent, id: 'x' })!.fields[0]!;
    expect(Object.entries(back.enumTitles ?? {})).toEqual([
      ['constructor', 'Builder'],
      ['__proto__', 'Prototype'],
      ['car', 'Car loan'],
    ]);
  });

  it('reads a soft-deleted schema as absent, and leaves out properties that name no coretype', () => {
    const wire = toDataSchemaBody(bodyWith([{ name: 'summary', fieldtype: 'string' }]), 'WORKITEM');
    expect(fromDataSchemaBody({ ...wire, id: 'x', deleted: true })).toBeUndefined();
    const odd = {
      ...wire,
      id: 'x',
      jsonSchema: {
        ...wire.jsonSchema,
        properties: { ...wire.jsonSchema.properties, weird_text: { allOf: [{ $ref: '#/definitions/unknown' }] } },
      },
    };
    expect(fromDataSchemaBody(odd)!.fields.map((f) => f.name)).toEqual(['summary']);
  });

  it("names an unread property by its key's first 100 code points, well-formed", () => {
    const wire = toDataSchemaBody(bodyWith([{ name: 'summary', fieldtype: 'string' }]), 'WORKITEM');
    const unknown = { allOf: [{ $ref: '#/definitions/unknown' }] };
    // The pair 😀 is at UTF-16 units 99 and 100: cut by units, the name would end in half of it.
    const long = `${'a'.repeat(99)}\u{1F600}tail_text`;
    const lone = 'x\uD800y_text';
    const remote = fromDataSchemaBody({
      ...wire,
      id: 'x',
      jsonSchema: {
        ...wire.jsonSchema,
        properties: { ...wire.jsonSchema.properties, [long]: unknown, [lone]: unknown },
      },
    })!;
    expect(remote.unread).toEqual([
      `${'a'.repeat(99)}\u{1F600} ($ref #/definitions/unknown)`,
      'x\uFFFDy_text ($ref #/definitions/unknown)',
    ]);
  });

  it('reads a lower bound of 0, as the platform writes it, as no bound', () => {
    // The platform's own examples write minLength 0 on text (and each tag), and minItems 0 on a tag.
    const zero = [
      { name: 'summary', fieldtype: 'text', constraints: { minLength: 0, maxLength: 100 } },
      { name: 'labels', fieldtype: 'tag', constraints: { minItems: 0, maxItems: 10, minLength: 0, maxLength: 30 } },
    ] satisfies SchemaField[];
    const remote = fromDataSchemaBody({ ...toDataSchemaBody(bodyWith(zero), 'CONTACT'), id: 'x' })!;
    const file: SchemaField[] = [
      { name: 'summary', fieldtype: 'string' },
      {
        name: 'labels',
        fieldtype: 'list',
        constraints: { items: { fieldtype: 'string', constraints: { maxLength: 30 } } },
      },
    ];
    expect(CONTACTS_FAMILY.sameContent(remote, bodyWith(file))).toBe(true);
    expect(CONTACTS_FAMILY.canonicalFields(remote.fields)).toEqual(CONTACTS_FAMILY.canonicalFields(file));
    // A lower bound above 0 is one.
    const one = bodyWith([{ name: 'summary', fieldtype: 'string', constraints: { minLength: 1 } }, file[1]!]);
    expect(CONTACTS_FAMILY.sameContent(remote, one)).toBe(false);
  });

  it('tells apart contents that differ, and not those that are spelt differently', () => {
    const remote = fromDataSchemaBody({
      ...toDataSchemaBody(
        bodyWith([{ name: 'summary', fieldtype: 'text', constraints: { maxLength: 80 } }]),
        'WORKITEM',
      ),
      id: 'x',
    })!;
    expect(
      CONTACTS_FAMILY.sameContent(
        remote,
        bodyWith([{ name: 'summary', fieldtype: 'string', constraints: { maxLength: 80 } }]),
      ),
    ).toBe(true);
    expect(
      CONTACTS_FAMILY.sameContent(
        remote,
        bodyWith([{ name: 'summary', fieldtype: 'string', constraints: { maxLength: 81 } }]),
      ),
    ).toBe(false);
    expect(
      CONTACTS_FAMILY.sameContent(
        remote,
        bodyWith([{ name: 'summary', fieldtype: 'longText', constraints: { maxLength: 80 } }]),
      ),
    ).toBe(false);
    expect(
      CONTACTS_FAMILY.sameContent(
        remote,
        bodyWith([{ name: 'summary', fieldtype: 'string', constraints: { maxLength: 80 } }], { status: 'DEPRECATED' }),
      ),
    ).toBe(false);
  });
});

describe('identity by name', () => {
  it("is the name's identifier form", () => {
    expect(identityOfName('Loan application')).toBe('loan_application');
    expect(identityOfName('Example Schema')).toBe('example_schema');
    expect(identityOfName('  Café -- VIP!  ')).toBe('cafe_vip');
    expect(identityOfName('2024 leads')).toBe('s_2024_leads');
    expect(identityOfName('x'.repeat(100))).toHaveLength(64);
    expect(WORKITEMS_FAMILY.externalIdOf?.('Loan application')).toBe('loan_application');
  });
});

describe('what no coretype holds', () => {
  const refusals: Array<[SchemaField, 'type' | 'constraint', RegExp]> = [
    [{ name: 'mail', fieldtype: 'email' }, 'type', /email has no coretype/],
    [{ name: 'phone', fieldtype: 'phone' }, 'type', /phone has no coretype/],
    [{ name: 'owner', fieldtype: 'reference', constraints: { referencedType: 'user' } }, 'type', /cannot reference/],
    [{ name: 'scan', fieldtype: 'file' }, 'type', /file has no coretype/],
    [{ name: 'address', fieldtype: 'object', constraints: { items: { fields: [] } } }, 'type', /no nested fields/],
    [
      { name: 'scores', fieldtype: 'list', constraints: { items: { fieldtype: 'number' } } },
      'type',
      /a list of number has no coretype/,
    ],
    [
      {
        name: 'codes',
        fieldtype: 'list',
        constraints: { items: { fieldtype: 'string', constraints: { enum: ['a'] } } },
      },
      'type',
      /with an enum/,
    ],
    [
      { name: 'account', fieldtype: 'string', constraints: { pattern: '^[0-9]+$' } },
      'constraint',
      /pattern on string cannot be held by the text coretype/,
    ],
    [{ name: 'since', fieldtype: 'dateTime', constraints: { min: '2020-01-01' } }, 'constraint', /min on dateTime/],
    [{ name: 'tier', fieldtype: 'number', constraints: { enum: [1, 2] } }, 'constraint', /enum on number/],
    [
      { name: 'kind', fieldtype: 'string', constraints: { enum: ['a'], maxLength: 3 } },
      'constraint',
      /maxLength on string cannot be held by the enum coretype/,
    ],
    [{ name: 'level', fieldtype: 'enum', constraints: { enum: [] } }, 'constraint', /at least one value/],
    [
      {
        name: 'labels',
        fieldtype: 'list',
        constraints: { items: { fieldtype: 'string', constraints: { pattern: 'x' } } },
      },
      'constraint',
      /pattern on a list item/,
    ],
  ];
  for (const [field, kind, message] of refusals) {
    it(`refuses ${field.name} (${field.fieldtype}) as a ${kind} problem`, () => {
      const result = toCoreField(field);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.map((p) => p.kind)).toContain(kind);
      expect(result.problems.map((p) => p.message).join('\n')).toMatch(message);
      expect(WORKITEMS_FAMILY.cannotHold(field)).toEqual(result.problems);
      expect(() => toDataSchemaBody(bodyWith([field]), 'WORKITEM')).toThrow(TypeError);
    });
  }
});

describe("a field's description", () => {
  const described = (description: string): SchemaField => ({ name: 'notes', fieldtype: 'longText', description });

  it('holds 500 characters, counted as code points, and no more, on every DataSchema family', () => {
    for (const family of [CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY]) {
      // 500 emoji are 1000 UTF-16 units: the platform counts characters.
      expect(family.cannotHold(described('🚀'.repeat(500)))).toEqual([]);
      expect(family.cannotHold(described(`${'🚀'.repeat(500)}x`))).toEqual([
        {
          kind: 'value',
          property: 'description',
          message:
            "the description is 501 characters, over the 500 a field's description may have (maxFieldDescriptionCharacters)",
          hint: 'shorten it to 500 characters',
        },
      ]);
    }
  });

  it('is reported beside what no coretype holds, and bounds nothing on custom objects', () => {
    const field: SchemaField = { ...described('d'.repeat(600)), fieldtype: 'email' };
    expect(WORKITEMS_FAMILY.cannotHold(field).map((p) => p.kind)).toEqual(['type', 'value']);
    expect(CUSTOM_OBJECTS_FAMILY.cannotHold(described('d'.repeat(600)))).toEqual([]);
  });
});

describe('the DataSchema families', () => {
  it('carry the current version on a PUT and version 1 on a POST', () => {
    for (const family of [CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY]) {
      expect(family.versionRule.carried('POST', 1)).toBe(1);
      expect(family.versionRule.carried('PUT', 8)).toBe(7);
      expect(family.errorCodes).toMatchObject({
        versionConflict: 'dynamic.schema.version.conflict',
        exists: 'dynamic.schema.name.exists',
      });
    }
  });

  it('create in one write, move between enabled and disabled in one, and have no DRAFT', () => {
    const lifecycle = WORKITEMS_FAMILY.lifecycle;
    expect(lifecycle.planTransition(null, 'DEPRECATED', false)).toEqual({
      ok: true,
      kind: 'create',
      writes: [{ method: 'POST', version: 1, status: 'DEPRECATED' }],
    });
    expect(lifecycle.planTransition({ version: 3, status: 'PUBLISHED' }, 'DEPRECATED', false)).toEqual({
      ok: true,
      kind: 'deprecate',
      writes: [{ method: 'PUT', version: 4, status: 'DEPRECATED' }],
    });
    expect(lifecycle.planTransition({ version: 3, status: 'DEPRECATED' }, 'PUBLISHED', true)).toEqual({
      ok: true,
      kind: 'update',
      writes: [{ method: 'PUT', version: 4, status: 'PUBLISHED' }],
    });
    expect(lifecycle.planTransition({ version: 3, status: 'PUBLISHED' }, 'PUBLISHED', false)).toEqual({
      ok: true,
      kind: 'noop',
      writes: [],
    });
    expect(lifecycle.planTransition(null, 'DRAFT', false)).toMatchObject({ ok: false, reason: /no DRAFT/ });
    expect(lifecycle.planTransition({ version: 3, status: 'PUBLISHED' }, 'DRAFT', false)).toMatchObject({ ok: false });
  });

  it('never allow a field to go on contacts and organizations; workitems do', () => {
    expect(CONTACTS_FAMILY.neverAllowed).toHaveProperty('FIELD_REMOVED');
    expect(ORGANIZATIONS_FAMILY.neverAllowed).toHaveProperty('FIELD_REMOVED');
    expect(WORKITEMS_FAMILY.neverAllowed).toEqual({});
  });
});

describe("the DataSchema families' field defaults", () => {
  it('are the bounds plan compares an unbounded field with, for every field type', () => {
    const defaults = WORKITEMS_FAMILY.fieldDefaults;
    for (const fieldtype of [...Object.keys(FIELD_TYPE_FACTS), ...CORE_TYPES] as FieldType[]) {
      const compared = coreFields([{ name: 'f', fieldtype }])[0]!.constraints ?? {};
      expect(defaults.maxLength(fieldtype), fieldtype).toBe(compared.maxLength);
    }
    expect(defaults.maxItems).toBe(coreFields([{ name: 'f', fieldtype: 'tag' }])[0]!.constraints!.maxItems);
  });
});
