/**
 * src/model/validation-rule-ids.ts, generated from the registry (`npm run docs:rules`). The config file's JSON
 * Schema (src/model/config-format.ts) needs the rule ids, and src/model sits below src/rules, so it cannot import
 * the registry: the ids are written into the model as generated source instead, and a test compares that file
 * with this output (test/rules/registry.test.ts), as it does docs/rules.md.
 */
import { RULES } from './index.js';
import type { RuleDefinition } from './rule.js';

export const RULE_IDS_MODULE = 'src/model/validation-rule-ids.ts';

export function renderRuleIdsModule(rules: readonly RuleDefinition[] = RULES): string {
  return [
    '// Generated from the rule registry (src/rules/index.ts) by `npm run docs:rules`: edit the registry, not this file.',
    '',
    '/**',
    ' * The validation rule ids a config may set a severity for (docs/rules.md), in registry order. The config',
    " * file's JSON Schema lists them, so that a misspelt id is refused at its line with a did-you-mean and editors",
    ' * complete the ids.',
    ' */',
    'export const VALIDATION_RULE_IDS = [',
    ...rules.map((rule) => `  '${rule.id}',`),
    '] as const;',
    '',
    'export type ValidationRuleId = (typeof VALIDATION_RULE_IDS)[number];',
    '',
  ].join('\n');
}
