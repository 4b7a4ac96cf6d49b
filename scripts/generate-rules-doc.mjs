// Writes the generated documents from the built library (run `npm run build` first; `npm run docs:rules`
// does both): docs/rules.md from the rule registry, and the published JSON Schemas of the schema file (the
// stricter editors' version of the loader's file format: src/model/file-format-editor.ts) and the config file
// under schema/.
import { writeFileSync, mkdirSync } from 'node:fs';
import { renderRulesDoc } from '../dist/rules/rules-doc.js';
import { SCHEMA_FILE_EDITOR_JSON_SCHEMA } from '../dist/model/file-format-editor.js';
import { CONFIG_FILE_JSON_SCHEMA } from '../dist/model/config-format.js';

const root = new URL('../', import.meta.url);
mkdirSync(new URL('schema/', root), { recursive: true });
writeFileSync(new URL('docs/rules.md', root), renderRulesDoc());
writeFileSync(
  new URL('schema/cxschema.schema.json', root),
  JSON.stringify(SCHEMA_FILE_EDITOR_JSON_SCHEMA, null, 2) + '\n',
);
writeFileSync(
  new URL('schema/cxschema.config.schema.json', root),
  JSON.stringify(CONFIG_FILE_JSON_SCHEMA, null, 2) + '\n',
);
process.stdout.write('wrote docs/rules.md, schema/cxschema.schema.json, schema/cxschema.config.schema.json\n');
