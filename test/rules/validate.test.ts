import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig } from '../../src/load/config-loader.js';
import { loadSchemaText } from '../../src/load/schema-loader.js';
import type { CxConfig } from '../../src/model/config.js';
import type { SchemaDocument } from '../../src/model/document.js';
import { ConfigError } from '../../src/model/errors.js';
import { validateDocuments, validatePaths, type ValidateOptions } from '../../src/rules/validate.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function documents(files: Record<string, string>): SchemaDocument[] {
  return Object.entries(files).map(([name, text]) => {
    const loaded = loadSchemaText(name, text, 'yaml');
    if (!loaded.document) throw new Error(`${name} does not parse`);
    return loaded.document;
  });
}

function findings(
  files: Record<string, string>,
  options: Partial<ValidateOptions> & { config?: CxConfig } = {},
): string[] {
  const result = validateDocuments(documents(files), { config: defaultConfig(ROOT), ...options });
  return result.diagnostics.map((d) => `${d.file}:${d.line}:${d.ruleId}:${d.severity}`);
}

const reference = (name: string, target: string): string =>
  `  - { name: ${name}, fieldtype: reference, constraints: { referencedType: ${target} } }\n`;
const schema = (id: string, fields = '', extra = ''): string =>
  `externalId: ${id}\nname: ${id}\n${extra}fields:\n${fields || '  - { name: x, fieldtype: boolean }\n'}`;

describe('validatePaths', () => {
  it('finds the examples through the repository config and reports nothing', async () => {
    const config = await loadConfig({ cwd: ROOT });
    const result = await validatePaths([], { config, cwd: ROOT });
    expect(result.diagnostics).toEqual([]);
    // Eight custom object schemas, and one example of each DataSchema family.
    expect(result.summary).toEqual({ files: 11, schemas: 11, errors: 0, warnings: 0 });
    expect(result.files).toContain('examples/customer-infrastructure/cust_infra.schema.yaml');
    expect(result.cycles).toEqual([]);
    // supplier <- product <- stock_item <- purchase_order: the catalog is four waves deep.
    expect(result.waves.length).toBe(4);
    expect(result.waves[0]).toEqual(expect.arrayContaining(['category', 'supplier', 'support_ticket']));
    expect(result.waves[3]).toEqual(['purchase_order']);
    expect([...(result.graph.edges.get('cust_infra') ?? [])]).toEqual(['support_ticket']);
  });
});

describe('validateDocuments', () => {
  it('reports every problem in every file in one run', () => {
    const found = findings({
      'a.yaml': schema('a', '  - { name: x, fieldtype: strng }\n  - { name: y, fieldtype: list }\n'),
      'b.yaml': schema('b', reference('r', 'nowhere')),
    });
    expect(found).toEqual([
      'a.yaml:4:FIELD_TYPE_UNKNOWN:error',
      'a.yaml:5:COLLECTION_ITEMS_MISSING:error',
      'b.yaml:4:REFERENCE_TARGET_UNKNOWN:error',
    ]);
  });

  it('applies severities from the config and drops rules that are off', () => {
    const files = {
      'a.yaml': schema(
        'a',
        '  - { name: x, fieldtype: longText, constraints: { maxLength: 30000 } }\n  - { name: y, fieldtype: strng }\n',
      ),
    };
    expect(findings(files)).toEqual(['a.yaml:3:RECORD_SIZE_LIMIT:warning', 'a.yaml:5:FIELD_TYPE_UNKNOWN:error']);
    const config = {
      ...defaultConfig(ROOT),
      rules: { RECORD_SIZE_LIMIT: 'error', FIELD_TYPE_UNKNOWN: 'off' },
    } as CxConfig;
    expect(findings(files, { config })).toEqual(['a.yaml:3:RECORD_SIZE_LIMIT:error']);
  });

  it('refuses a rule id in the config that names no rule', () => {
    const config = {
      ...defaultConfig(ROOT),
      rules: { RECORD_SIZE_LIMITS: 'off' },
      path: '/x/cxschema.config.yaml',
    } as CxConfig;
    expect(() => findings({ 'a.yaml': schema('a') }, { config })).toThrow(ConfigError);
    try {
      findings({ 'a.yaml': schema('a') }, { config });
    } catch (error) {
      expect((error as ConfigError).hint).toBe("did you mean 'RECORD_SIZE_LIMIT'?");
    }
  });

  it('knows system objects from the platform, the config and the org', () => {
    const files = {
      'a.yaml': schema('a', reference('c', 'contact') + reference('d', 'account') + reference('e', 'case')),
    };
    expect(findings(files)).toEqual([
      'a.yaml:5:REFERENCE_TARGET_UNKNOWN:error',
      'a.yaml:6:REFERENCE_TARGET_UNKNOWN:error',
    ]);
    const config = { ...defaultConfig(ROOT), systemObjects: ['account'] };
    expect(findings(files, { config, systemObjects: ['case'] })).toEqual([]);
  });

  it('resolves references against the org when online, and checks its statuses', () => {
    const files = { 'a.yaml': schema('a', reference('p', 'promo') + reference('q', 'quote')) };
    const remoteSchemas = new Map([
      ['promo', { status: 'DRAFT' as const }],
      ['quote', { status: 'PUBLISHED' as const }],
    ]);
    expect(findings(files)).toEqual([
      'a.yaml:4:REFERENCE_TARGET_UNKNOWN:error',
      'a.yaml:5:REFERENCE_TARGET_UNKNOWN:error',
    ]);
    expect(findings(files, { remoteSchemas })).toEqual(['a.yaml:4:PUBLISHED_REFERENCES_UNPUBLISHED:error']);
    // The set's own file is the desired state: it wins over the org's current one.
    const withPromo = { ...files, 'promo.yaml': schema('promo') };
    expect(findings(withPromo, { remoteSchemas })).toEqual([]);
  });

  it('uses the org limits over the config overrides over the defaults', () => {
    const fields = Array.from({ length: 12 }, (_, i) => `  - { name: f${i}, fieldtype: boolean }\n`).join('');
    const files = { 'a.yaml': schema('a', fields) };
    expect(findings(files)).toEqual([]);
    const config = { ...defaultConfig(ROOT), limits: { maxFieldsPerSchema: 10 } };
    expect(findings(files, { config })).toEqual(['a.yaml:3:FIELD_COUNT_LIMIT:error']);
    expect(findings(files, { config, limits: { ...config.limits, maxFieldsPerSchema: 20 } as never })).toEqual([]);
  });

  it('does not cascade a structural mistake in one file into unknown references in others', () => {
    const found = findings({
      'a.yaml': schema('a', '', 'colour: red\n'),
      'b.yaml': schema('b', reference('a', 'a')),
    });
    expect(found).toEqual(['a.yaml:3:SCHEMA_STRUCTURE:error']);
  });

  it('says that id, version and the other server-owned properties belong to the platform', () => {
    const result = validateDocuments(documents({ 'a.yaml': schema('a', '', 'id: 3f1c\nversion: 4\nfields_x: 1\n') }), {
      config: defaultConfig(ROOT),
    });
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message} | ${d.hint}`)).toEqual([
      "3:1 'id' is set by the platform, not written in a schema file | remove it: the platform assigns it, and cxschema reads it from the org when it plans",
      "4:1 'version' is set by the platform, not written in a schema file | remove it: the platform assigns it, and cxschema reads it from the org when it plans",
      "5:1 unknown property 'fields_x' in the file | did you mean 'fields'?",
    ]);
  });

  it('reports each cycle once on every schema in it, with the path from that schema', () => {
    const result = validateDocuments(
      documents({
        'a.yaml': schema('a', reference('to_b', 'b') + reference('to_c', 'c')),
        'b.yaml': schema('b', reference('to_a', 'a')),
        'c.yaml': schema('c', reference('to_a', 'a') + reference('self', 'c')),
      }),
      { config: defaultConfig(ROOT) },
    );
    expect(result.cycles).toEqual([
      ['a', 'b'],
      ['a', 'c'],
    ]);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line} ${d.message} (${d.field})`)).toEqual([
      'a.yaml:4 reference cycle: a -> b -> a (to_b)',
      'a.yaml:5 reference cycle: a -> c -> a (to_c)',
      'b.yaml:4 reference cycle: b -> a -> b (to_a)',
      'c.yaml:4 reference cycle: c -> a -> c (to_a)',
    ]);
    expect(result.blocked).toEqual(['a', 'b', 'c']);
    expect(result.diagnostics.every((d) => d.schema === d.file.replace('.yaml', ''))).toBe(true);
  });
});

describe('names with a look-alike or an invisible character', () => {
  it('say which character in the hint, since the quoted name looks right', () => {
    const result = validateDocuments(
      documents({
        'a.schema.yaml': schema('cust\u200bomer', '  - { name: \u0430bc, fieldtype: str\u0456ng }\n'),
      }),
      { config: defaultConfig(ROOT) },
    );
    expect(result.diagnostics.map((d) => `${d.ruleId}: ${d.hint ?? ''}`)).toEqual([
      'SCHEMA_STRUCTURE: character 5 is U+200B, not ASCII: a look-alike of a letter, or an invisible character',
      'SCHEMA_STRUCTURE: character 1 is U+0430, not ASCII: a look-alike of a letter, or an invisible character',
      "FIELD_TYPE_UNKNOWN: did you mean 'string'? (character 4 is U+0456, not ASCII: a look-alike of a letter, or an invisible character)",
    ]);
  });
});

describe('a fraction where an integer goes', () => {
  it('is shown as written, not called "a number" as if an integer were none', () => {
    const result = validateDocuments(
      documents({
        'a.schema.yaml': schema('fraction', '  - { name: x, fieldtype: string, constraints: { maxLength: 10.5 } }\n'),
      }),
      { config: defaultConfig(ROOT) },
    );
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'fields[0].constraints.maxLength must be an integer, not 10.5',
    ]);
  });
});

describe('a YAML 1.1 merge key', () => {
  it('is told to be one, rather than listed among the keys allowed', () => {
    const result = validateDocuments(
      documents({
        'a.schema.yaml': schema('merged', '  - &f { name: x, fieldtype: string }\n  - { <<: *f, name: y }\n'),
      }),
      { config: defaultConfig(ROOT) },
    );
    expect(result.diagnostics.find((d) => d.message === "unknown property '<<' in fields[1]")?.hint).toMatch(
      /^merge keys \(<<\) are YAML 1\.1/,
    );
  });
});

describe('a long key or value quoted in a message', () => {
  it('is cut to 80 characters, not printed whole', () => {
    const blob = 'x'.repeat(100_000);
    // A flow mapping: YAML caps a block mapping's implicit keys at 1024 characters.
    const text = `{ externalId: blobs, name: Blobs, ${blob}: 1, fields: [
      { name: a, fieldtype: ${blob} },
      { name: b, fieldtype: reference, constraints: { referencedType: ${blob} } },
      { name: c, fieldtype: string, constraints: { maxLength: 3, enum: [${blob}] } } ] }\n`;
    const result = validateDocuments(documents({ 'a.schema.yaml': text }), { config: defaultConfig(ROOT) });
    const messages = result.diagnostics.map((d) => d.message);
    expect(messages).toHaveLength(4);
    for (const message of messages) expect(message.length).toBeLessThan(200);
    expect(messages).toContain(`'${'x'.repeat(77)}...' is not a fieldtype`);
  });

  it('and an enum named in a hint: each value cut, and past ten values the rest counted', () => {
    const values = Array.from({ length: 40 }, (_, i) => `${'v'.repeat(200)}${i}`);
    const text = `{ externalId: many, name: Many, target: workitems, fields: [
      { name: c, fieldtype: string, constraints: { enum: [${values.join(', ')}] },
        enumTitles: { nope: Nope }, disabledValues: [gone] } ] }\n`;
    const result = validateDocuments(documents({ 'a.schema.yaml': text }), { config: defaultConfig(ROOT) });
    const hints = result.diagnostics.map((d) => d.hint ?? '').filter((hint) => hint.includes(' one of '));
    const listed = `'${'v'.repeat(77)}...'`;
    expect(hints).toEqual([
      `title one of ${Array(10).fill(listed).join(', ')} and 30 more, or remove it`,
      `disable one of ${Array(10).fill(listed).join(', ')} and 30 more, or remove it`,
    ]);
  });
});

describe('a key or value with line breaks quoted in a message', () => {
  it("shows them escaped, so no line of the output is the file's", () => {
    // In a CI log a line of its own is read as a workflow command: an annotation, a mask, the end of commands.
    const line = String.raw`\n::error file=README.md,line=1::forged\r\n::add-mask::x`;
    const text = `{ externalId: lines, name: Lines, "k${line}": 1, fields: [
      { name: a, fieldtype: "t${line}" },
      { name: b, fieldtype: reference, constraints: { referencedType: "r${line}" } },
      { name: c, fieldtype: string, constraints: { enum: ["e${line}", "e${line}"] } } ] }\n`;
    const result = validateDocuments(documents({ 'a.schema.yaml': text }), { config: defaultConfig(ROOT) });
    const messages = result.diagnostics.map((d) => d.message);
    expect(messages).toHaveLength(4);
    for (const message of messages) expect(message).not.toMatch(/[\r\n]/);
    expect(messages).toContain(
      String.raw`'t\n::error file=README.md,line=1::forged\r\n::add-mask::x' is not a fieldtype`,
    );
  });
});
