/**
 * The generated code against records: fast-check records made from each schema's constraints pass the
 * generated JSON Schema under Ajv (draft 2020-12), records that break a constraint do not, and the generated
 * TypeScript compiles under `tsc --strict` with those records typed as the generated types.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFiles } from '../../src/codegen/generate-files.js';
import { generationProblems } from '../../src/codegen/generation-problems.js';
import { recordJsonSchema, type JsonSchema } from '../../src/codegen/record-json-schema.js';
import { assignTypeNames } from '../../src/codegen/type-names.js';
import { CUSTOM_OBJECTS_FAMILY, familyNamed, WORKITEMS_FAMILY } from '../../src/family/index.js';
import { toDataSchemaBody } from '../../src/family/data-schema/wire.js';
import { defaultConfig } from '../../src/load/config-loader.js';
import type { SchemaDefinition } from '../../src/model/schema.js';
import { validatePaths } from '../../src/rules/validate.js';
import { recordArbitrary, type RecordValue } from '../support/record-arbitrary.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const repo = process.cwd();
let schemas: SchemaDefinition[] = [];

beforeAll(async () => {
  const result = await validatePaths(['examples', 'test/fixtures/codegen'], { config: defaultConfig(repo), cwd: repo });
  expect(result.summary.errors).toBe(0);
  schemas = result.documents.map((document) => document.definition!);
});

/** The options docs/codegen.md gives Ajv. */
const DOCUMENTED_OPTIONS = { ownProperties: true };

function compile(schema: SchemaDefinition): (record: unknown) => boolean {
  const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true, ...DOCUMENTED_OPTIONS }));
  return ajv.compile(recordJsonSchema(schema));
}

/** Records of a schema, keyed and bounded as the family its file names keys and bounds them. */
function recordsOf(schema: SchemaDefinition): fc.Arbitrary<RecordValue> {
  const family = familyNamed(schema.target ?? 'customobjects');
  return recordArbitrary(schema.fields, family.fieldDefaults, (field) => family.recordKey(field)!);
}

function byId(id: string): SchemaDefinition {
  const schema = schemas.find((candidate) => candidate.externalId === id);
  if (schema === undefined) throw new Error(`no schema ${id}`);
  return schema;
}

describe('generated JSON Schema', () => {
  it('covers every schema of the examples and the fixture', () => {
    expect(schemas.map((schema) => schema.externalId).sort()).toEqual([
      'category',
      'cust_infra',
      'every_type',
      'loan_application',
      'partner',
      'product',
      'purchase_order',
      'stock_item',
      'supplier',
      'support_ticket',
      'vip_contact',
      'warehouse',
      'workitem_defaults',
    ]);
  });

  it('accepts every record generated from the schema', () => {
    for (const schema of schemas) {
      const validate = compile(schema);
      fc.assert(
        fc.property(recordsOf(schema), (record) => validate(record)),
        { numRuns: 60 },
      );
    }
  });

  const base = (): RecordValue =>
    structuredClone(fc.sample(recordArbitrary(byId('every_type').fields), { numRuns: 1, seed: 7 })[0]!);
  const broken: Array<[string, (record: RecordValue) => void]> = [
    ['a required field missing', (r) => delete r['active']],
    ['a field no schema has', (r) => (r['extra'] = 1)],
    ['a string over its maxLength', (r) => (r['code'] = 'ABC-123456789')],
    ['a string under its minLength', (r) => (r['notes'] = '')],
    ['a string off its pattern', (r) => (r['code'] = 'abc-1')],
    ['a value not in the enum', (r) => (r['tier'] = 'platinum')],
    ['a number not in the enum', (r) => (r['level'] = 4)],
    ['a number over max', (r) => (r['score'] = 99.5)],
    ['a number under min', (r) => (r['score'] = -6)],
    ['a string where a number belongs', (r) => (r['score'] = '5')],
    ['a plain string over the default maxLength 255', (r) => (r['plain'] = 'x'.repeat(256))],
    ['an email that is not one', (r) => (r['contact_email'] = 'not-an-email')],
    ['a url that is not one', (r) => (r['homepage'] = 'not a url')],
    ['a phone off its pattern', (r) => (r['mobile'] = '12345')],
    ['a date-time before min', (r) => (r['since'] = '2019-12-31T23:59:59Z')],
    ['a date-time after max', (r) => (r['since'] = '2031-01-01T00:00:00Z')],
    ['a date-time that is not one', (r) => (r['since'] = 'yesterday')],
    ['an empty reference', (r) => (r['owner'] = '')],
    ['a file name over its maxLength', (r) => (r['attachment'] = { id: 'f1', name: 'n'.repeat(65) })],
    ['a list under minItems', (r) => (r['tags'] = [])],
    ['a list over maxItems', (r) => (r['tags'] = ['a', 'a', 'a', 'a', 'a', 'a'])],
    ['a list item off its enum', (r) => (r['tags'] = ['dddd'])],
    ['a list over the default maxItems 100', (r) => (r['readings'] = Array.from({ length: 101 }, () => 0.5))],
    ['a nested required field missing', (r) => (r['address'] = {})],
    ['a field nested two levels deep out of range', (r) => (r['address'] = { street: 'x', geo: { lat: 91 } })],
    ['an unknown field in a list of objects', (r) => (r['contacts'] = [{ person: 'p', other: 1 }])],
  ];
  it.each(broken)('refuses %s', (_name, breakIt) => {
    const validate = compile(byId('every_type'));
    const record = base();
    expect(validate(record)).toBe(true);
    breakIt(record);
    expect(validate(record)).toBe(false);
  });

  it('holds records to a dateTime bound without an offset as the UTC instant, in every time zone', () => {
    // cxschema reads such a bound as UTC (src/model/instants.ts); Ajv would read it in the machine's own zone.
    const meeting: SchemaDefinition = {
      externalId: 'meeting',
      name: 'Meeting',
      fields: [{ name: 'start', fieldtype: 'dateTime', constraints: { min: '2024-01-01T12:00' } }],
    };
    const zoneBefore = process.env['TZ'];
    const verdicts: Record<string, boolean[]> = {};
    try {
      for (const zone of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
        process.env['TZ'] = zone;
        const validate = compile(meeting);
        verdicts[zone] = ['2024-01-01T11:00:00Z', '2024-01-01T12:00:00Z'].map((start) => validate({ start }));
      }
    } finally {
      if (zoneBefore === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zoneBefore;
    }
    expect(verdicts).toEqual({
      UTC: [false, true],
      'America/New_York': [false, true],
      'Asia/Tokyo': [false, true],
    });
  });

  it("reads a field named constructor from the record itself, with the docs' Ajv options", async () => {
    const docs = await readFile(join(repo, 'docs/codegen.md'), 'utf8');
    expect(docs).toContain('new Ajv2020({ ownProperties: true })');
    const fields = (required: boolean): SchemaDefinition['fields'] => [
      { name: 'constructor', fieldtype: 'number', required },
      { name: 'label', fieldtype: 'string' },
    ];
    const optional = compile({ externalId: 'builder', name: 'Builder', fields: fields(false) });
    expect(optional({ label: 'x' })).toBe(true);
    expect(optional({ constructor: 3 })).toBe(true);
    expect(optional({ constructor: 'three' })).toBe(false);
    const required = compile({ externalId: 'builder', name: 'Builder', fields: fields(true) });
    expect(required({ label: 'x' })).toBe(false);
    expect(required({ constructor: 3 })).toBe(true);
  });

  // A DataSchema property without a bound takes its coretype's widest range (docs/targets.md "The coretypes"),
  // not a custom object's default: a text holds 100 characters, a url 200, a tag 10 distinct tags of 100.
  const url = (length: number): string => `https://a.example/${'x'.repeat(length - 18)}`;
  const tags = (count: number): string[] => Array.from({ length: count }, (_, i) => `t${i}`);
  // Keyed `<name>_<coretype>`, as a workitem's customFields are (docs/codegen.md "How a record is keyed").
  const dataSchemaCases: Array<[string, RecordValue, RecordValue]> = [
    ['an identifier', { ref_identifier: 'r'.repeat(100) }, { ref_identifier: 'r'.repeat(101) }],
    ['a text', { line_text: 'x'.repeat(100) }, { line_text: 'x'.repeat(101) }],
    ['a longtext', { body_longtext: 'x'.repeat(1000) }, { body_longtext: 'x'.repeat(1001) }],
    ['a url', { link_url: url(200) }, { link_url: url(201) }],
    ['a list of strings (a tag) by its count', { labels_tag: tags(10) }, { labels_tag: tags(11) }],
    ['a list of strings (a tag) by each tag', { labels_tag: ['x'.repeat(100)] }, { labels_tag: ['x'.repeat(101)] }],
    ['a list of strings (a tag) by a repeated tag', { labels_tag: ['a', 'b'] }, { labels_tag: ['a', 'a'] }],
    ['a tag by its count', { keywords_tag: tags(10) }, { keywords_tag: tags(11) }],
    ['a tag by each tag', { keywords_tag: ['x'.repeat(100)] }, { keywords_tag: ['x'.repeat(101)] }],
    ['a tag by a repeated tag', { keywords_tag: ['a', 'b'] }, { keywords_tag: ['a', 'a'] }],
  ];
  it.each(dataSchemaCases)('holds a workitem schema to the widest range of %s', (_name, fits, breaks) => {
    const validate = compile(byId('workitem_defaults'));
    expect(validate({ ref_identifier: 'r', ...fits })).toBe(true);
    expect(validate({ ref_identifier: 'r', ...fits, ...breaks })).toBe(false);
  });
});

/** The platform's own example workitem schema and one of its workitems' customFields (test/fixtures/targets). */
async function publishedWorkitem(): Promise<{ schema: SchemaDefinition; record: RecordValue }> {
  const body: unknown = JSON.parse(
    await readFile(join(repo, 'test/fixtures/targets/workitem-every-coretype.json'), 'utf8'),
  );
  const remote = WORKITEMS_FAMILY.wire.fromWire(body)!;
  const schema = {
    externalId: remote.externalId,
    name: remote.name,
    target: 'workitems' as const,
    fields: remote.fields,
  };
  const record = JSON.parse(
    await readFile(join(repo, 'test/fixtures/targets/workitem-every-coretype-record.json'), 'utf8'),
  ) as RecordValue;
  return { schema, record };
}

/** The record with each key's `_<coretype>` dropped: keyed by the fields' plain names. */
function byPlainNames(record: RecordValue): RecordValue {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.replace(/_[a-z]+$/, ''), value]));
}

/** The TypeScript compiler's findings on the files, under `--strict` and NodeNext. */
function typeCheck(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noUnusedLocals: false,
    types: [],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}
// docs/codegen.md "What is refused": only a config that lowers a rule from error lets these files through.
describe('files whose rules were lowered', () => {
  const emptyEnums: SchemaDefinition = {
    externalId: 'nothing',
    name: 'Nothing',
    fields: [
      { name: 'label', fieldtype: 'string' },
      { name: 'e', fieldtype: 'string', constraints: { enum: [] } },
      { name: 'n', fieldtype: 'number', constraints: { enum: [] } },
      { name: 'l', fieldtype: 'list', constraints: { items: { fieldtype: 'string', constraints: { enum: [] } } } },
    ],
  };

  it('gives an empty enum a JSON Schema no value passes, so a record may only leave the field out', () => {
    const validate = compile(emptyEnums);
    expect(validate({ label: 'x', l: [] })).toBe(true);
    for (const record of [{ e: 'x' }, { e: '' }, { n: 1 }, { l: ['x'] }]) expect(validate(record)).toBe(false);
  });

  it('gives an empty enum the type never, which compiles under --strict', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'cxschema-ts-never-'));
    try {
      const files = generateFiles('typescript', [emptyEnums]);
      expect(files.find((file) => file.path === 'nothing.ts')!.text).toContain('e?: never;');
      for (const file of files) await writeFile(join(folder, file.path), file.text);
      await writeFile(join(folder, 'package.json'), '{"type":"module"}\n');
      const use = [
        `import type { Nothing } from './index.js';`,
        `export const ok: Nothing = { label: 'x', l: [] };`,
        `// @ts-expect-error: an empty enum holds no value`,
        `export const e: Nothing = { e: 'x' };`,
        `// @ts-expect-error: nor does a number's`,
        `export const n: Nothing = { n: 1 };`,
      ];
      await writeFile(join(folder, 'use.ts'), use.join('\n') + '\n');
      expect(typeCheck([join(folder, 'use.ts')])).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('refuses two fields a record would hold under one key, naming the later one, at any depth', () => {
    const twice: SchemaDefinition = {
      externalId: 'twice',
      name: 'Twice',
      fields: [
        { name: 'code', fieldtype: 'string' },
        { name: 'code', fieldtype: 'number' },
        {
          name: 'lines',
          fieldtype: 'list',
          constraints: {
            items: {
              fieldtype: 'object',
              constraints: {
                items: {
                  fields: [
                    { name: 'sku', fieldtype: 'string' },
                    { name: 'sku', fieldtype: 'string' },
                  ],
                },
              },
            },
          },
        },
      ],
    };
    expect(generationProblems(twice, CUSTOM_OBJECTS_FAMILY)).toEqual([
      {
        field: 'code',
        pointer: '/fields/1',
        message:
          'field "code" would be held under the key "code" as an earlier field of that name is, so a record could not hold both',
      },
      {
        field: 'lines.sku',
        pointer: '/fields/2/constraints/items/constraints/items/fields/1',
        message:
          'field "lines.sku" would be held under the key "sku" as an earlier field of that name is, so a record could not hold both',
      },
    ]);
    for (const language of ['typescript', 'jsonschema'] as const)
      expect(() => generateFiles(language, [twice])).toThrow(
        /cannot generate code: schema twice: field "code" would be held under the key "code"/,
      );
  });

  it('keys two fields of one name but different coretypes apart on a DataSchema family, as the wire body does', () => {
    const fields: SchemaDefinition['fields'] = [
      { name: 'code', fieldtype: 'string' },
      { name: 'code', fieldtype: 'integer' },
      { name: 'label', fieldtype: 'string' },
      { name: 'label', fieldtype: 'text' },
    ];
    const problems = generationProblems({ externalId: 'w', name: 'w', target: 'workitems', fields }, WORKITEMS_FAMILY);
    expect(problems.map((problem) => [problem.pointer, problem.message])).toEqual([
      [
        '/fields/3',
        'field "label" would be held under the key "label_text" as an earlier field of that name is, so a record could not hold both',
      ],
    ]);
  });
});

// docs/codegen.md "How a record is keyed": a DataSchema family's records (a contact's, an organization's, a
// workitem's customFields) key each field `<name>_<coretype>`, as the wire body keys its property.
describe('records of the DataSchema families', () => {
  const dataSchemas = (): SchemaDefinition[] =>
    schemas.filter((schema) => schema.target !== undefined && schema.target !== 'customobjects');

  it('key each field as the wire body keys its property, the required ones too', () => {
    expect(
      dataSchemas()
        .map((schema) => schema.externalId)
        .sort(),
    ).toEqual(['loan_application', 'partner', 'vip_contact', 'workitem_defaults']);
    for (const schema of dataSchemas()) {
      const wire = toDataSchemaBody({ ...schema, version: 1, status: 'PUBLISHED' }, 'ANY');
      const record = recordJsonSchema(schema);
      expect(Object.keys(record['properties'] as object)).toEqual(Object.keys(wire.jsonSchema.properties));
      expect(record['required'] ?? []).toEqual(wire.jsonSchema.required ?? []);
    }
    expect(Object.keys(recordJsonSchema(byId('vip_contact'))['properties'] as object)).toEqual([
      'loyalty_id_identifier',
      'tier_enum',
      'member_since_date',
      'preferred_channel_text',
      'opted_in_checkbox',
    ]);
  });

  it("accepts the platform's own published workitem, and refuses it keyed by the fields' names", async () => {
    const { schema, record } = await publishedWorkitem();
    const validate = compile(schema);
    expect(validate(record), JSON.stringify((validate as unknown as { errors: unknown }).errors)).toBe(true);
    expect(validate(byPlainNames(record))).toBe(false);
  });

  it("refuses a contact keyed by the fields' names, and takes it keyed by the property keys", () => {
    const validate = compile(byId('vip_contact'));
    expect(validate({ loyalty_id_identifier: 'L-1', tier_enum: 'gold', opted_in_checkbox: true })).toBe(true);
    expect(validate({ loyalty_id: 'L-1', tier: 'gold', opted_in: true })).toBe(false);
    expect(validate({ loyalty_id_identifier: 'L-1', opted_in: true })).toBe(false);
  });

  it("say in the TypeScript doc comment that a tag's length bounds each tag, as the list form does", () => {
    const tagged: SchemaDefinition = {
      externalId: 'tagged',
      name: 'Tagged',
      target: 'workitems',
      fields: [
        { name: 'keywords', fieldtype: 'tag' },
        { name: 'codes', fieldtype: 'tag', constraints: { minLength: 2, maxLength: 8 } },
        { name: 'labels', fieldtype: 'list', constraints: { items: { fieldtype: 'string' } } },
      ],
    };
    const text = generateFiles('typescript', [tagged]).find((file) => file.path === 'tagged.ts')!.text;
    expect(text).toContain('/** each maxLength 100 (the default); maxItems 10 (the default); items distinct. */');
    expect(text).toContain('/** each minLength 2; each maxLength 8; maxItems 10 (the default); items distinct. */');
    expect(text).toContain('/** maxItems 10 (the default); items distinct; each maxLength 100 (the default). */');
  });

  it('keep a custom object record keyed by the names, nested objects too', () => {
    const properties = recordJsonSchema(byId('every_type'))['properties'] as Record<string, JsonSchema>;
    expect(Object.keys(properties)).toContain('address');
    expect(Object.keys(properties['address']!['properties'] as object)).toContain('street');
  });
});

describe('generated TypeScript', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'cxschema-ts-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('compiles under --strict, with generated records typed as the generated types', async () => {
    const names = assignTypeNames(schemas.map((schema) => schema.externalId));
    for (const file of generateFiles('typescript', schemas)) await writeFile(join(folder, file.path), file.text);
    await writeFile(join(folder, 'package.json'), '{"type":"module"}\n');
    const lines = [`import type * as T from './index.js';`];
    schemas.forEach((schema) => {
      const records = fc.sample(recordsOf(schema), { numRuns: 15, seed: 42 });
      records.forEach((record, i) =>
        lines.push(
          `export const ${schema.externalId}_${i}: T.${names.get(schema.externalId)!.record} = ${JSON.stringify(record)};`,
        ),
      );
    });
    await writeFile(join(folder, 'records.ts'), lines.join('\n') + '\n');
    const files = [join(folder, 'index.ts'), join(folder, 'records.ts')];
    expect(typeCheck(files)).toEqual([]);
    expect(await readFile(join(folder, 'every_type.ts'), 'utf8')).toContain(
      `tier?: 'gold' | 'silver' | 'it\\'s bronze';`,
    );
  });

  it('keeps a name that holds `*/` inside its comment, and gives a schema named index a module of its own', async () => {
    const hostile = await mkdtemp(join(tmpdir(), 'cxschema-ts-hostile-'));
    try {
      const texts = generateFiles('typescript', [
        {
          externalId: 'ticket',
          name: 'Ticket */ export const injected = 1; /*',
          fields: [{ name: 'parent', fieldtype: 'reference', constraints: { referencedType: 'index' } }],
        },
        { externalId: 'index', name: 'Index', fields: [{ name: 'title', fieldtype: 'string' }] },
      ]);
      const paths = texts.map((file) => file.path).sort();
      expect(paths).toEqual(['cxschema-types.ts', 'index-schema.ts', 'index.ts', 'ticket.ts']);
      for (const file of texts) await writeFile(join(hostile, file.path), file.text);
      await writeFile(join(hostile, 'package.json'), '{"type":"module"}\n');
      const use = [
        `import type { Index, IndexId, Ticket } from './index.js';`,
        `declare const parent: IndexId;`,
        `export const ticket: Ticket = { parent };`,
        `export const index: Index = { title: 't' };`,
        `// @ts-expect-error: the name's text is a comment, not code`,
        `export { injected } from './ticket.js';`,
      ];
      await writeFile(join(hostile, 'use.ts'), use.join('\n') + '\n');
      expect(typeCheck([join(hostile, 'use.ts')])).toEqual([]);
    } finally {
      await rm(hostile, { recursive: true, force: true });
    }
  });

  it('writes every invisible or unencodable character of a text as an escape, so the types hold what the file does', async () => {
    const hostile = await mkdtemp(join(tmpdir(), 'cxschema-ts-unprintable-'));
    try {
      // A NUL (git takes the file for binary), an ESC (a terminal showing the file obeys it), a right-to-left
      // override (the code after it shows reordered) and a lone surrogate (UTF-8 cannot hold it: U+FFFD is written).
      const values = ['a\u0000b', '\u001b[2J', '\u202Eevil', '\uD800', 'tab\there', 'zw\u200Bj', '👩‍👩‍👧'];
      const texts = generateFiles('typescript', [
        {
          externalId: 'odd',
          name: 'Odd\u0000\u001b]0;title\u0007',
          description: 'one\u202E owt\u2028three',
          fields: [{ name: 'v', fieldtype: 'string', description: 'x\uDC00\u0085y', constraints: { enum: values } }],
        },
      ]);
      for (const file of texts) {
        expect(file.text).not.toMatch(
          // eslint-disable-next-line no-control-regex
          /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/,
        );
        expect(file.text).not.toMatch(/\p{Cs}/u);
        await writeFile(join(hostile, file.path), file.text);
      }
      expect(texts.find((file) => file.path === 'odd.ts')!.text).toContain(
        `v?: 'a\\u0000b' | '\\u001b[2J' | '\\u202eevil' | '\\ud800' | 'tab\\there' | 'zw\\u200bj' | '👩\\u200d👩\\u200d👧';`,
      );
      await writeFile(join(hostile, 'package.json'), '{"type":"module"}\n');
      const use = [
        `import type { Odd } from './index.js';`,
        ...values.map((value, i) => `export const v${i}: Odd['v'] = ${JSON.stringify(value)};`),
        `// @ts-expect-error: what a file holding the lone surrogate as UTF-8 would have typed instead`,
        `export const replaced: Odd['v'] = '\uFFFD';`,
      ];
      await writeFile(join(hostile, 'use.ts'), use.join('\n') + '\n');
      expect(typeCheck([join(hostile, 'use.ts')])).toEqual([]);
    } finally {
      await rm(hostile, { recursive: true, force: true });
    }
  });

  it("types a DataSchema family's records by their property keys, and refuses the plain names", async () => {
    const published = await mkdtemp(join(tmpdir(), 'cxschema-ts-keys-'));
    try {
      const { schema, record } = await publishedWorkitem();
      for (const file of generateFiles('typescript', [...schemas, schema]))
        await writeFile(join(published, file.path), file.text);
      await writeFile(join(published, 'package.json'), '{"type":"module"}\n');
      const use = [
        `import type { ExampleSchema, VipContact } from './index.js';`,
        `export const workitem: ExampleSchema = ${JSON.stringify(record)};`,
        `export const contact: VipContact = { loyalty_id_identifier: 'L-1', tier_enum: 'platinum', opted_in_checkbox: true };`,
        `// @ts-expect-error: a contact's customFields are not keyed by the fields' names`,
        `export const plain: VipContact = { loyalty_id_identifier: 'L-1', opted_in: true };`,
        `// @ts-expect-error: nor is the required one`,
        `export const missing: VipContact = { loyalty_id: 'L-1' };`,
        `// @ts-expect-error: the published workitem keyed by the fields' names`,
        `export const workitemByName: ExampleSchema = ${JSON.stringify(byPlainNames(record))};`,
      ];
      await writeFile(join(published, 'use.ts'), use.join('\n') + '\n');
      expect(typeCheck([join(published, 'use.ts')])).toEqual([]);
      expect(await readFile(join(published, 'vip_contact.ts'), 'utf8')).toContain(
        "The record's `customFields`, each keyed `<name>_<coretype>` as the platform keys it.",
      );
    } finally {
      await rm(published, { recursive: true, force: true });
    }
  });

  it('refuses records the platform refuses, and ids of the wrong schema', async () => {
    const wrong = [
      `import type { EveryType, EveryTypeId } from './index.js';`,
      `import type { SupplierId } from './supplier.js';`,
      `// @ts-expect-error: a required field is missing`,
      `export const missing: EveryType = { code: 'ABC-1', score: 1, address: { street: 's' } };`,
      `// @ts-expect-error: not one of the enum's values`,
      `export const badEnum: EveryType['tier'] = 'platinum';`,
      `// @ts-expect-error: a number enum holds numbers`,
      `export const badLevel: EveryType['level'] = 4;`,
      `declare const supplier: SupplierId;`,
      `// @ts-expect-error: a supplier's id is not an every_type's id`,
      `export const parent: EveryTypeId = supplier;`,
      `// @ts-expect-error: nested objects are typed too`,
      `export const geo: NonNullable<EveryType['address']['geo']> = { lng: 1 };`,
    ];
    await writeFile(join(folder, 'wrong.ts'), wrong.join('\n') + '\n');
    expect(typeCheck([join(folder, 'wrong.ts')])).toEqual([]);
  });
});
