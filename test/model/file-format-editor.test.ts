/**
 * The editors' JSON Schema (schema/cxschema.schema.json): it compiles in ajv's strict mode, flags what the
 * loader leaves to its rules (an unknown fieldtype, an unknown constraint, a constraint on the wrong type) and
 * accepts every schema file the project calls valid.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PUBLISHED: unknown = JSON.parse(readFileSync(join(ROOT, 'schema/cxschema.schema.json'), 'utf8'));

function schemaFiles(folder: string, wanted: (path: string) => boolean): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((item) => {
    const path = join(folder, item.name);
    if (item.isDirectory()) return schemaFiles(path, wanted);
    return /\.schema\.(ya?ml|json)$/.test(item.name) && wanted(path) ? [path] : [];
  });
}

function compileStrict(): ValidateFunction {
  return new Ajv({ strict: true, allErrors: true }).compile(PUBLISHED as object);
}

function fileWith(field: Record<string, unknown>): unknown {
  return { externalId: 'sample', name: 'Sample', fields: [field] };
}

function errorsOf(validate: ValidateFunction, document: unknown): string[] {
  validate(document);
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

describe("the editors' JSON Schema", () => {
  it('compiles in ajv strict mode', () => {
    expect(compileStrict).not.toThrow();
  });

  it("flags an unknown fieldtype, also as a list's item type", () => {
    const validate = compileStrict();
    expect(errorsOf(validate, fileWith({ name: 'code', fieldtype: 'strin' }))).toContain(
      '/fields/0/fieldtype must be equal to one of the allowed values',
    );
    const list = { name: 'codes', fieldtype: 'list', constraints: { items: { fieldtype: 'strin' } } };
    expect(errorsOf(validate, fileWith(list))).toContain(
      '/fields/0/constraints/items/fieldtype must be equal to one of the allowed values',
    );
  });

  it('flags an unknown constraint', () => {
    const field = { name: 'code', fieldtype: 'string', constraints: { maxLenght: 10 } };
    expect(errorsOf(compileStrict(), fileWith(field))).toContain(
      '/fields/0/constraints must NOT have additional properties',
    );
  });

  it('flags a constraint its fieldtype does not take', () => {
    const validate = compileStrict();
    expect(
      errorsOf(validate, fileWith({ name: 'flag', fieldtype: 'boolean', constraints: { maxLength: 5 } })),
    ).toContain('/fields/0/constraints/maxLength boolean schema is false');
    expect(
      errorsOf(validate, fileWith({ name: 'total', fieldtype: 'number', constraints: { pattern: '^1' } })),
    ).toContain('/fields/0/constraints/pattern boolean schema is false');
    // A coretype of a DataSchema family follows its own facts: tag takes minItems, identifier does not.
    expect(validate(fileWith({ name: 'labels', fieldtype: 'tag', constraints: { minItems: 1, maxLength: 20 } }))).toBe(
      true,
    );
    expect(
      errorsOf(validate, fileWith({ name: 'key', fieldtype: 'identifier', constraints: { minItems: 1 } })),
    ).toContain('/fields/0/constraints/minItems boolean schema is false');
  });

  it('flags a dateTime bound that is not ISO-8601 and a number bound that is text', () => {
    const validate = compileStrict();
    expect(validate(fileWith({ name: 'due', fieldtype: 'dateTime', constraints: { min: 'yesterday' } }))).toBe(false);
    expect(validate(fileWith({ name: 'total', fieldtype: 'number', constraints: { max: '10' } }))).toBe(false);
  });

  it('rejects each field of the CONSTRAINT_NOT_APPLICABLE invalid fixture', () => {
    const file = join(ROOT, 'test/fixtures/rules/CONSTRAINT_NOT_APPLICABLE/invalid/not-applicable.schema.yaml');
    const document = parse(readFileSync(file, 'utf8')) as { fields: unknown[] };
    expect(document.fields.length).toBeGreaterThan(1);
    const validate = compileStrict();
    const accepted = document.fields.filter((field) => validate({ ...document, fields: [field] }));
    expect(accepted).toEqual([]);
  });

  it('accepts every file in examples/ and every valid rule fixture', () => {
    const files = [
      ...schemaFiles(join(ROOT, 'examples'), () => true),
      ...schemaFiles(join(ROOT, 'test/fixtures/rules'), (path) => path.split(/[\\/]/).includes('valid')),
    ];
    expect(files.length).toBeGreaterThan(40);
    const validate = compileStrict();
    const rejected = files.flatMap((file) => {
      const errors = errorsOf(validate, parse(readFileSync(file, 'utf8')));
      return errors.length === 0 ? [] : [{ file: relative(ROOT, file), errors }];
    });
    expect(rejected).toEqual([]);
  });
});
