/**
 * src/model/compat-rule-ids.ts, generated from the compatibility rule registry (`npm run docs:rules`). The config
 * file's JSON Schema (src/model/config-format.ts) lists the ids `compatibility.ignore[].rule` may name, so that a
 * misspelt id is refused at its line instead of ignoring nothing; src/model sits below src/compat, so the ids are
 * written into the model as generated source, and test/compat/compat-rule-ids.test.ts compares that file with
 * this output (as test/rules/registry.test.ts does for the validation rule ids).
 */
import { COMPAT_RULE_IDS } from './rules/index.js';

export const COMPAT_RULE_IDS_MODULE = 'src/model/compat-rule-ids.ts';

export function renderCompatRuleIdsModule(ids: readonly string[] = COMPAT_RULE_IDS): string {
  return [
    '// Generated from the compatibility rule registry (src/compat/rules/index.ts) by `npm run docs:rules`: edit the',
    '// registry, not this file.',
    '',
    '/**',
    " * The compatibility rule ids a config's `compatibility.ignore` may name (docs/compatibility.md), in registry",
    " * order. The config file's JSON Schema lists them, so that a misspelt id is refused at its line and editors",
    ' * complete the ids.',
    ' */',
    'export const COMPAT_RULE_IDS_FOR_CONFIG = [',
    ...ids.map((id) => `  '${id}',`),
    '] as const;',
    '',
  ].join('\n');
}
