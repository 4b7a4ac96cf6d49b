/**
 * The validators generated at build time are the schemas' own: the generated module (in src/ for the tests, in
 * dist/ for the built CLI) is exactly what the generator makes from the JSON Schemas in src/model/, and it
 * judges like ajv compiling those schemas at run time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILE_JSON_SCHEMA } from '../../src/model/config-format.js';
import { SCHEMA_FILE_JSON_SCHEMA } from '../../src/model/file-format.js';
import { validateConfigFile, validateSchemaFile } from '../../src/load/generated/file-format-validators.js';
import { GENERATED_MODULE, validatorsSource } from '../../scripts/generate-validators.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('generated JSON Schema validators', () => {
  const expected = validatorsSource(SCHEMA_FILE_JSON_SCHEMA, CONFIG_FILE_JSON_SCHEMA);

  it.each([['src'], ['dist']])(
    '%s holds the module generated from the current schemas (npm run build regenerates it)',
    (folder) => {
      expect(readFileSync(path.join(ROOT, folder, GENERATED_MODULE), 'utf8')).toBe(expected);
    },
  );

  it('judges as ajv compiling the schemas at run time does: same verdicts, same errors', () => {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, logger: false });
    const compiledFile = ajv.compile(SCHEMA_FILE_JSON_SCHEMA);
    const compiledConfig = ajv.compile(CONFIG_FILE_JSON_SCHEMA);
    const files: unknown[] = [
      { externalId: 'order', name: 'Order', fields: [{ name: 'total', fieldtype: 'number', constraints: { min: 0 } }] },
      {
        externalId: 'Order',
        name: '',
        fields: [{ name: 'x', fieldtype: 'list', constraints: { items: { fieldtype: 'list' } } }],
        id: 'abc',
      },
      {
        name: 7,
        fields: [{ fieldType: 'string' }, { name: 'when', fieldtype: 'dateTime', constraints: { min: 'yesterday' } }],
      },
      {
        externalId: 'deep',
        name: 'Deep',
        fields: [
          {
            name: 'o',
            fieldtype: 'object',
            constraints: { items: { fields: [{ name: 'n', fieldtype: 'number', constraints: { max: 'x' } }] } },
          },
        ],
      },
    ];
    for (const value of files) {
      expect(validateSchemaFile(value)).toBe(compiledFile(value));
      expect(validateSchemaFile.errors ?? null).toEqual(compiledFile.errors ?? null);
    }
    const configs: unknown[] = [
      { schemas: ['a/*.yaml'], rules: { FIELD_COUNT_LIMIT: 'warning' } },
      { schemas: 'a', rules: { X: 'loud' }, extra: 1 },
    ];
    for (const value of configs) {
      expect(validateConfigFile(value)).toBe(compiledConfig(value));
      expect(validateConfigFile.errors ?? null).toEqual(compiledConfig.errors ?? null);
    }
  });
});
