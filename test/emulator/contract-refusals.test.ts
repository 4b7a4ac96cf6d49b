/**
 * docs/api-contract.md "What the platform refuses", row by row: each status and code, with `details[0].fieldName`
 * pointing into the body, one `errors[]` entry per problem (docs/api-contract.md "How problems are reported").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { Call, Reply } from './emulator-fixtures.js';
import { caller, nestedFields, SCHEMAS, schemaBody, tokenFor } from './emulator-fixtures.js';

let emulator: EmulatorHandle;
let call: Call;
let counter = 0;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimitPerMinute: 0 });
  call = caller(emulator, await tokenFor(emulator));
});
afterAll(() => emulator.stop());

function uniqueId(prefix: string): string {
  counter++;
  return `${prefix}_${counter}`;
}

/** Every problem of a 400 as `code at fieldName`, checking the shape of each entry on the way. */
function problems(reply: Reply): string[] {
  expect(reply.status).toBe(400);
  const body = reply.body;
  expect(body.status).toBe(400);
  expect(body.code).toBe(body.errors[0]?.code);
  expect(body.details).toEqual(body.errors.map((e) => e.details[0]));
  return body.errors.map((e) => {
    expect(e.status).toBe(400);
    expect(e.details).toHaveLength(1);
    expect(e.details[0]!.errorCode).toBe(e.code);
    expect(e.contextId).toBe(body.contextId);
    expect(e.errors).toEqual([]);
    return `${e.code.replace('customobjects.schema.', '')} at ${e.details[0]!.fieldName}`;
  });
}

async function create(overrides: Record<string, unknown>, id = uniqueId('s')): Promise<Reply> {
  return call('POST', SCHEMAS, schemaBody(id, overrides));
}

describe('400 customobjects.schema.invalid', () => {
  const cases: Array<[string, unknown, string[]]> = [
    ['not JSON', '{"externalId": ', ['invalid at ']],
    ['not an object', [1, 2], ['invalid at ']],
    ['an unknown property', { ...schemaBody('x'), color: 'red' }, ['invalid at color']],
    ['no name', { ...schemaBody('x'), name: undefined }, ['invalid at name']],
    ['a name of 101 characters', schemaBody('x', { name: 'n'.repeat(101) }), ['invalid at name']],
    ['an empty name', schemaBody('x', { name: '' }), ['invalid at name']],
    ['a description of 501 characters', schemaBody('x', { description: 'd'.repeat(501) }), ['invalid at description']],
    ['an externalId that is not an identifier', schemaBody('Bad-Id'), ['invalid at externalId']],
    ['a version that is not an integer', schemaBody('x', { version: 1.5 }), ['invalid at version']],
    ['an unknown status', schemaBody('x', { status: 'LIVE' }), ['invalid at status']],
    ['fields that are not an array', schemaBody('x', { fields: {} }), ['invalid at fields']],
    [
      'an unknown fieldtype',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'text' }] }),
      ['invalid at fields[0].fieldtype'],
    ],
    [
      'a bad field name',
      schemaBody('x', { fields: [{ name: '9a', fieldtype: 'string' }] }),
      ['invalid at fields[0].name'],
    ],
    [
      'an unknown field property',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'string', label: 'A' }] }),
      ['invalid at fields[0].label'],
    ],
    [
      'required that is not a boolean',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'string', required: 'yes' }] }),
      ['invalid at fields[0].required'],
    ],
    [
      'duplicate field names',
      schemaBody('x', {
        fields: [
          { name: 'a', fieldtype: 'string' },
          { name: 'a', fieldtype: 'number' },
        ],
      }),
      ['invalid at fields[1].name'],
    ],
    [
      'a constraint the fieldtype does not take',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'email', constraints: { pattern: '.*' } }] }),
      ['invalid at fields[0].constraints.pattern'],
    ],
    [
      'a negative maxLength',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'string', constraints: { maxLength: -1 } }] }),
      ['invalid at fields[0].constraints.maxLength'],
    ],
    [
      'minLength over maxLength',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'string', constraints: { minLength: 5, maxLength: 2 } }] }),
      ['invalid at fields[0].constraints.minLength'],
    ],
    [
      'a pattern that does not compile',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'phone', constraints: { pattern: '(' } }] }),
      ['invalid at fields[0].constraints.pattern'],
    ],
    [
      'an empty enum',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'string', constraints: { enum: [] } }] }),
      ['invalid at fields[0].constraints.enum'],
    ],
    [
      'a number enum with strings',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'number', constraints: { enum: [1, 'two'] } }] }),
      ['invalid at fields[0].constraints.enum'],
    ],
    [
      'a dateTime min that is not ISO-8601',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'dateTime', constraints: { min: 'yesterday' } }] }),
      ['invalid at fields[0].constraints.min'],
    ],
    [
      'min over max',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'number', constraints: { min: 5, max: 1 } }] }),
      ['invalid at fields[0].constraints.min'],
    ],
    [
      'a reference without referencedType',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'reference' }] }),
      ['invalid at fields[0].constraints.referencedType'],
    ],
    [
      'a list without items',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'list', constraints: {} }] }),
      ['invalid at fields[0].constraints.items'],
    ],
    [
      'a list of lists',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'list', constraints: { items: { fieldtype: 'list' } } }] }),
      ['invalid at fields[0].constraints.items.fieldtype'],
    ],
    [
      'an object without items.fields',
      schemaBody('x', { fields: [{ name: 'a', fieldtype: 'object', constraints: { items: {} } }] }),
      ['invalid at fields[0].constraints.items.fields'],
    ],
    [
      'a problem inside a nested object',
      schemaBody('x', {
        fields: [
          {
            name: 'a',
            fieldtype: 'object',
            constraints: { items: { fields: [{ name: 'b', fieldtype: 'number', constraints: { maxLength: 3 } }] } },
          },
        ],
      }),
      ['invalid at fields[0].constraints.items.fields[0].constraints.maxLength'],
    ],
    [
      'a problem inside list items',
      schemaBody('x', {
        fields: [
          {
            name: 'a',
            fieldtype: 'list',
            constraints: { items: { fieldtype: 'string', constraints: { minItems: 1 } } },
          },
        ],
      }),
      ['invalid at fields[0].constraints.items.constraints.minItems'],
    ],
    ['a create whose version is not 1', schemaBody('x', { version: 2 }), ['invalid at version']],
    [
      'several problems, one entry each, in body order',
      {
        externalId: 'X',
        name: 7,
        version: 1,
        status: 'DRAFT',
        fields: [
          { name: 'a', fieldtype: 'nope' },
          { name: 'b', fieldtype: 'string', constraints: { maxItems: 3 } },
        ],
      },
      [
        'invalid at externalId',
        'invalid at name',
        'invalid at fields[0].fieldtype',
        'invalid at fields[1].constraints.maxItems',
      ],
    ],
  ];
  for (const [what, body, expected] of cases) {
    it(`refuses ${what}`, async () => {
      const reply = await call('POST', SCHEMAS, typeof body === 'string' ? body : JSON.stringify(body));
      expect(problems(reply)).toEqual(expected);
      expect(reply.body.code).toBe('customobjects.schema.invalid');
    });
  }

  it('refuses a PUT whose externalId differs from the path', async () => {
    const id = uniqueId('put');
    await create({}, id);
    expect(problems(await call('PUT', `${SCHEMAS}/${id}`, schemaBody('other', { version: 2 })))).toEqual([
      'invalid at externalId',
    ]);
  });

  it('says how many more problems there are in the top-level message', async () => {
    const reply = await call('POST', SCHEMAS, { externalId: 'X', name: 7, version: 1, status: 'DRAFT', fields: [] });
    expect(reply.body.message).toMatch(/\(and 1 more problem, see errors\)$/);
    expect(reply.body.messageParams).toBeUndefined();
  });
});

describe('400 customobjects.schema.limit.exceeded', () => {
  const many = (n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, fieldtype: 'boolean' }));
  it('refuses more than 50 fields, counting every depth', async () => {
    expect(problems(await create({ fields: many(51) }))).toEqual(['limit.exceeded at fields']);
    expect((await create({ fields: many(50) })).status).toBe(201);
    const nested = [...many(40), { name: 'obj', fieldtype: 'object', constraints: { items: { fields: many(10) } } }];
    const reply = await create({ fields: nested });
    expect(problems(reply)).toEqual(['limit.exceeded at fields']);
    expect(reply.body.messageParams).toEqual({ count: '51', max: '50' });
  });

  it('refuses a maxLength or maxItems over its cap, in list items too', async () => {
    const fields = [
      { name: 'a', fieldtype: 'string', constraints: { maxLength: 1001 } },
      { name: 'b', fieldtype: 'longText', constraints: { maxLength: 32000 } },
      { name: 'c', fieldtype: 'longText', constraints: { maxLength: 32001 } },
      {
        name: 'd',
        fieldtype: 'list',
        constraints: { maxItems: 1001, items: { fieldtype: 'url', constraints: { maxLength: 1001 } } },
      },
      { name: 'e', fieldtype: 'file', constraints: { maxLength: 5000 } },
      { name: 'f', fieldtype: 'email', constraints: { maxLength: 1000 } },
    ];
    expect(problems(await create({ fields }))).toEqual([
      'limit.exceeded at fields[0].constraints.maxLength',
      'limit.exceeded at fields[2].constraints.maxLength',
      'limit.exceeded at fields[3].constraints.maxItems',
      'limit.exceeded at fields[3].constraints.items.constraints.maxLength',
    ]);
  });

  it('refuses nesting deeper than 3, once per branch, through objects and lists of objects', async () => {
    expect((await create({ fields: nestedFields(3) })).status).toBe(201);
    expect(problems(await create({ fields: nestedFields(4) }))).toEqual([
      'limit.exceeded at fields[0].constraints.items.fields[0].constraints.items.fields[0].constraints.items.fields[0]',
    ]);
    const viaList = [
      {
        name: 'l',
        fieldtype: 'list',
        constraints: { items: { fieldtype: 'object', constraints: { items: { fields: nestedFields(3) } } } },
      },
    ];
    expect(problems(await create({ fields: viaList }))).toEqual([
      'limit.exceeded at fields[0].constraints.items.constraints.items.fields[0].constraints.items.fields[0].constraints.items.fields[0]',
    ]);
  });

  it('refuses a body nested past what it reads (a 400, never the stack running out), at the first field too deep', async () => {
    const deep = await startEmulator({ limits: { maxNestingDepth: 100, maxFieldsPerSchema: 100 } });
    try {
      const c = caller(deep, await tokenFor(deep));
      expect((await c('POST', SCHEMAS, schemaBody('sixty_four', { fields: nestedFields(64) }))).status).toBe(201);
      const tooDeep = problems(await c('POST', SCHEMAS, schemaBody('sixty_five', { fields: nestedFields(65) })));
      expect(tooDeep).toEqual([`limit.exceeded at ${'fields[0].constraints.items.'.repeat(64)}fields[0]`]);
      // 3,000 levels (some 60 KB), written as text: a walk of them all would exhaust the stack.
      const levels = 3_000;
      const hostile =
        '{"externalId":"hostile","name":"Hostile","version":1,"status":"DRAFT","fields":' +
        '[{"name":"n","fieldtype":"object","constraints":{"items":{"fields":'.repeat(levels) +
        '[{"name":"leaf","fieldtype":"string"}]' +
        '}}}]'.repeat(levels) +
        '}';
      expect(problems(await c('POST', SCHEMAS, hostile))).toEqual(tooDeep);
      // The structure's own problems come alone: a 400 never mixes invalid with anything else.
      const mixed = schemaBody('mixed', { fields: nestedFields(65), color: 'red' });
      expect(problems(await c('POST', SCHEMAS, mixed))).toEqual(['invalid at color']);
    } finally {
      await deep.stop();
    }
  });

  it('honours the limits it was started with, and the number of schemas per org', async () => {
    const small = await startEmulator({
      limits: { maxFieldsPerSchema: 2, maxNestingDepth: 1, maxSchemasPerOrg: 1, maxStringLength: 10 },
    });
    try {
      const c = caller(small, await tokenFor(small));
      expect(problems(await c('POST', SCHEMAS, schemaBody('a', { fields: many(3) })))).toEqual([
        'limit.exceeded at fields',
      ]);
      expect(problems(await c('POST', SCHEMAS, schemaBody('a', { fields: nestedFields(2) })))).toEqual([
        'limit.exceeded at fields[0].constraints.items.fields[0]',
      ]);
      expect(
        problems(
          await c(
            'POST',
            SCHEMAS,
            schemaBody('a', { fields: [{ name: 's', fieldtype: 'string', constraints: { maxLength: 11 } }] }),
          ),
        ),
      ).toEqual(['limit.exceeded at fields[0].constraints.maxLength']);
      expect((await c('POST', SCHEMAS, schemaBody('a', { fields: many(2) }))).status).toBe(201);
      expect(problems(await c('POST', SCHEMAS, schemaBody('b', { fields: many(1) })))).toEqual(['limit.exceeded at ']);
    } finally {
      await small.stop();
    }
  });
});

describe('400 customobjects.schema.reference.invalid', () => {
  const ref = (target: string): unknown[] => [
    { name: 'r', fieldtype: 'reference', constraints: { referencedType: target } },
  ];

  it('refuses a target that is neither a system object nor an existing schema, at every depth', async () => {
    const reply = await create({ fields: ref('nowhere') });
    expect(problems(reply)).toEqual(['reference.invalid at fields[0].constraints.referencedType']);
    expect(reply.body.messageParams).toEqual({ referencedType: 'nowhere' });
    const inList = [
      {
        name: 'l',
        fieldtype: 'list',
        constraints: { items: { fieldtype: 'reference', constraints: { referencedType: 'nowhere' } } },
      },
    ];
    expect(problems(await create({ fields: inList }))).toEqual([
      'reference.invalid at fields[0].constraints.items.constraints.referencedType',
    ]);
  });

  it('accepts system objects, existing schemas of any status in a draft, and itself', async () => {
    const target = uniqueId('target');
    await create({}, target);
    expect((await create({ fields: ref('contact') })).status).toBe(201);
    expect((await create({ fields: ref(target) })).status).toBe(201);
    const self = uniqueId('self');
    expect((await create({ fields: ref(self) }, self)).status).toBe(201);
    expect(
      (
        await call(
          'PUT',
          `${SCHEMAS}/${self}`,
          schemaBody(self, { version: 2, status: 'PUBLISHED', fields: ref(self) }),
        )
      ).status,
    ).toBe(200);
  });

  it('refuses publishing a schema that references one whose current version is not PUBLISHED', async () => {
    const target = uniqueId('target');
    const source = uniqueId('source');
    await create({}, target);
    await create({ fields: ref(target) }, source);
    const reply = await call(
      'PUT',
      `${SCHEMAS}/${source}`,
      schemaBody(source, { version: 2, status: 'PUBLISHED', fields: ref(target) }),
    );
    expect(problems(reply)).toEqual(['reference.invalid at fields[0].constraints.referencedType']);
    expect(reply.body.messageParams).toEqual({ referencedType: target, status: 'DRAFT' });
    await call('PUT', `${SCHEMAS}/${target}`, schemaBody(target, { version: 2, status: 'PUBLISHED' }));
    expect(
      (
        await call(
          'PUT',
          `${SCHEMAS}/${source}`,
          schemaBody(source, { version: 2, status: 'PUBLISHED', fields: ref(target) }),
        )
      ).status,
    ).toBe(200);
    await call('PUT', `${SCHEMAS}/${target}`, schemaBody(target, { version: 3, status: 'DEPRECATED' }));
    expect(
      problems(
        await call(
          'PUT',
          `${SCHEMAS}/${source}`,
          schemaBody(source, { version: 3, status: 'PUBLISHED', fields: ref(target) }),
        ),
      ),
    ).toEqual(['reference.invalid at fields[0].constraints.referencedType']);
  });
});

describe('400 customobjects.schema.incompatible', () => {
  const base = [
    { name: 'title', fieldtype: 'string', required: true },
    { name: 'note', fieldtype: 'string' },
    {
      name: 'address',
      fieldtype: 'object',
      constraints: {
        items: {
          fields: [
            { name: 'street', fieldtype: 'string', required: true },
            { name: 'zip', fieldtype: 'string' },
          ],
        },
      },
    },
    { name: 'tags', fieldtype: 'list', constraints: { items: { fieldtype: 'string' } } },
  ];
  async function withBase(): Promise<string> {
    const id = uniqueId('compat');
    expect((await create({ fields: base }, id)).status).toBe(201);
    return id;
  }

  it('refuses a changed fieldtype, at every depth, and a changed list item type', async () => {
    const id = await withBase();
    // The shape of the fields this test edits (fields 2 and 3 are lists, 2 of objects).
    type Edited = { fieldtype: string; constraints: { items: { fieldtype: string; fields: Edited[] } } };
    const fields = structuredClone(base) as Edited[];
    fields[1]!.fieldtype = 'longText';
    fields[2]!.constraints.items.fields[1]!.fieldtype = 'number';
    fields[3]!.constraints.items.fieldtype = 'email';
    const reply = await call('PUT', `${SCHEMAS}/${id}`, schemaBody(id, { version: 2, fields }));
    expect(problems(reply)).toEqual([
      'incompatible at fields[1].fieldtype',
      'incompatible at fields[2].constraints.items.fields[1].fieldtype',
      'incompatible at fields[3].constraints.items.fieldtype',
    ]);
  });

  it('refuses removing a required field, names it, and allows removing an optional one or adding fields', async () => {
    const id = await withBase();
    const removed = [
      base[1],
      { ...base[2], constraints: { items: { fields: [{ name: 'zip', fieldtype: 'string' }] } } },
    ];
    const reply = await call('PUT', `${SCHEMAS}/${id}`, schemaBody(id, { version: 2, fields: removed }));
    expect(problems(reply)).toEqual(['incompatible at fields', 'incompatible at fields[1].constraints.items.fields']);
    expect(reply.body.errors.map((e) => e.messageParams['field'])).toEqual(['title', 'address.street']);
    const fine = [{ ...base[0], required: false }, base[2], { name: 'extra', fieldtype: 'number', required: true }];
    expect((await call('PUT', `${SCHEMAS}/${id}`, schemaBody(id, { version: 2, fields: fine }))).status).toBe(200);
  });
});

describe('400 customobjects.schema.status.invalid', () => {
  it('refuses a create that is not DRAFT', async () => {
    expect(problems(await create({ status: 'PUBLISHED' }))).toEqual(['status.invalid at status']);
  });

  it('allows exactly the six transitions of docs/api-contract.md', async () => {
    const paths: Record<string, string[]> = {
      DRAFT: [],
      PUBLISHED: ['PUBLISHED'],
      DEPRECATED: ['PUBLISHED', 'DEPRECATED'],
    };
    const all = ['DRAFT', 'PUBLISHED', 'DEPRECATED'];
    const allowed = new Set([
      'DRAFT>DRAFT',
      'DRAFT>PUBLISHED',
      'PUBLISHED>PUBLISHED',
      'PUBLISHED>DEPRECATED',
      'DEPRECATED>PUBLISHED',
      'DEPRECATED>DEPRECATED',
    ]);
    for (const from of all) {
      for (const to of all) {
        const id = uniqueId('status');
        await create({}, id);
        let version = 1;
        for (const step of paths[from]!)
          expect(
            (await call('PUT', `${SCHEMAS}/${id}`, schemaBody(id, { version: ++version, status: step }))).status,
          ).toBe(200);
        const reply = await call('PUT', `${SCHEMAS}/${id}`, schemaBody(id, { version: version + 1, status: to }));
        if (allowed.has(`${from}>${to}`)) expect(reply.status, `${from}>${to}`).toBe(200);
        else {
          expect(problems(reply), `${from}>${to}`).toEqual(['status.invalid at status']);
          expect(reply.body.messageParams).toEqual({ from, to });
        }
      }
    }
  });
});

describe('409', () => {
  it('customobjects.schema.exists for a POST of an externalId that exists', async () => {
    const id = uniqueId('dup');
    await create({}, id);
    const reply = await create({}, id);
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({
      code: 'customobjects.schema.exists',
      status: 409,
      messageParams: { externalId: id },
    });
  });

  it('customobjects.schema.version.conflict for a PUT whose version is not current + 1', async () => {
    const id = uniqueId('ver');
    await create({}, id);
    await call('PUT', `${SCHEMAS}/${id}`, schemaBody(id, { version: 2 }));
    for (const version of [2, 4, 1]) {
      const reply = await call('PUT', `${SCHEMAS}/${id}`, schemaBody(id, { version }));
      expect(reply.status).toBe(409);
      expect(reply.body).toMatchObject({
        code: 'customobjects.schema.version.conflict',
        messageWithParams: 'Version {requested} does not follow current version {current}',
        messageParams: { requested: String(version), current: '2' },
        details: [{ errorCode: 'customobjects.schema.version.conflict', fieldName: 'version' }],
      });
    }
    expect(emulator.versions(id)).toHaveLength(2);
  });

  it('customobjects.schema.in.use for a DELETE of a schema that was published, or is referenced', async () => {
    const published = uniqueId('pub');
    await create({}, published);
    await call('PUT', `${SCHEMAS}/${published}`, schemaBody(published, { version: 2, status: 'PUBLISHED' }));
    expect((await call('DELETE', `${SCHEMAS}/${published}`)).body.code).toBe('customobjects.schema.in.use');
    const target = uniqueId('referenced');
    const source = uniqueId('referrer');
    await create({}, target);
    await create({ fields: [{ name: 'r', fieldtype: 'reference', constraints: { referencedType: target } }] }, source);
    const reply = await call('DELETE', `${SCHEMAS}/${target}`);
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({
      code: 'customobjects.schema.in.use',
      messageParams: { externalId: target, referencedBy: source },
    });
    expect((await call('DELETE', `${SCHEMAS}/${source}`)).status).toBe(204);
    expect((await call('DELETE', `${SCHEMAS}/${target}`)).status).toBe(204);
  });

  it('lets a draft that references only itself be deleted', async () => {
    const self = uniqueId('selfref');
    await create({ fields: [{ name: 'parent', fieldtype: 'reference', constraints: { referencedType: self } }] }, self);
    expect((await call('DELETE', `${SCHEMAS}/${self}`)).status).toBe(204);
  });
});

describe('mixed problems', () => {
  it('reports limits, references, transition and compatibility problems together, in that order', async () => {
    const id = uniqueId('mixed');
    await create({}, id);
    await call('PUT', `${SCHEMAS}/${id}`, schemaBody(id, { version: 2, status: 'PUBLISHED' }));
    const fields = [
      { name: 'title', fieldtype: 'number' },
      { name: 'r', fieldtype: 'reference', constraints: { referencedType: 'nowhere' } },
      { name: 's', fieldtype: 'string', constraints: { maxLength: 5000 } },
    ];
    const reply = await call('PUT', `${SCHEMAS}/${id}`, schemaBody(id, { version: 3, status: 'DRAFT', fields }));
    expect(problems(reply)).toEqual([
      'limit.exceeded at fields[2].constraints.maxLength',
      'reference.invalid at fields[1].constraints.referencedType',
      'status.invalid at status',
      'incompatible at fields[0].fieldtype',
    ]);
    expect(reply.body.code).toBe('customobjects.schema.limit.exceeded');
    expect(reply.body.message).toMatch(/and 3 more problems/);
  });

  it('reports structure problems alone, before a version conflict', async () => {
    const id = uniqueId('order');
    await create({}, id);
    expect(
      problems(
        await call(
          'PUT',
          `${SCHEMAS}/${id}`,
          schemaBody(id, { version: 9, fields: [{ name: 'a', fieldtype: 'bad' }] }),
        ),
      ),
    ).toEqual(['invalid at fields[0].fieldtype']);
    expect(
      (
        await call(
          'PUT',
          `${SCHEMAS}/${id}`,
          schemaBody(id, {
            version: 9,
            fields: [{ name: 'a', fieldtype: 'string', constraints: { maxLength: 5000 } }],
          }),
        )
      ).status,
    ).toBe(409);
  });
});
