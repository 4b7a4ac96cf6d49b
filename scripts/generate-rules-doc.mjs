// Writes the files generated from the rule registries, from the built library (run `npm run build` first; `npm run
// docs:rules` does both): src/model/validation-rule-ids.ts and src/model/compat-rule-ids.ts (the rule ids the
// config file's JSON Schema lists: src/model cannot import src/rules or src/compat), docs/rules.md, and the
// published JSON Schemas under schema/ of the schema file (the stricter editors' version of the loader's file
// format: src/model/file-format-editor.ts) and of the config file. When the rule ids changed, the library is built
// again first, so that the config file's schema (and the validators generated from it at build time) hold the new
// ids; then this script runs once more.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { COMPAT_RULE_IDS_MODULE, renderCompatRuleIdsModule } from '../dist/compat/compat-rule-ids-module.js';
import { RULE_IDS_MODULE, renderRuleIdsModule } from '../dist/rules/rule-ids-module.js';

const root = new URL('../', import.meta.url);
const stale = [
  [RULE_IDS_MODULE, renderRuleIdsModule()],
  [COMPAT_RULE_IDS_MODULE, renderCompatRuleIdsModule()],
].filter(([file, text]) => readFileSync(new URL(file, root), 'utf8') !== text);
if (stale.length > 0) {
  for (const [file, text] of stale) writeFileSync(new URL(file, root), text);
  process.stdout.write(`wrote ${stale.map(([file]) => file).join(', ')}; building again with the new rule ids\n`);
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [new URL(import.meta.url).pathname], { cwd: root, stdio: 'inherit' });
  process.exit(0);
}

const { renderRulesDoc } = await import('../dist/rules/rules-doc.js');
const { SCHEMA_FILE_EDITOR_JSON_SCHEMA } = await import('../dist/model/file-format-editor.js');
const { CONFIG_FILE_JSON_SCHEMA } = await import('../dist/model/config-format.js');
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
