import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILE_JSON_SCHEMA } from '../../src/model/config-format.js';
import { SCHEMA_FILE_EDITOR_JSON_SCHEMA } from '../../src/model/file-format-editor.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('published JSON Schemas', () => {
  it("schema/cxschema.schema.json is the editors' file format (npm run docs:rules regenerates it)", () => {
    const published: unknown = JSON.parse(readFileSync(path.join(ROOT, 'schema/cxschema.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(SCHEMA_FILE_EDITOR_JSON_SCHEMA)));
  });

  it('schema/cxschema.config.schema.json is the config format the config loader checks', () => {
    const published: unknown = JSON.parse(readFileSync(path.join(ROOT, 'schema/cxschema.config.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(CONFIG_FILE_JSON_SCHEMA)));
  });
});
