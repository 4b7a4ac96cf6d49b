/**
 * docs/rules.md, generated from the registry (`npm run docs:rules`), so the rules' documentation cannot drift
 * from the rules: a test compares the file with this output.
 */
import { RULES } from './index.js';
import type { RuleDefinition } from './rule.js';

export function renderRulesDoc(rules: readonly RuleDefinition[] = RULES): string {
  const out: string[] = [
    '# Validation rules',
    '',
    '<!-- Generated from src/rules by `npm run docs:rules`: edit the rule, not this file. -->',
    '',
    '`cxschema validate` runs every rule on every schema file and reports every finding, each with its rule id,',
    "file, line and column. Rule ids are stable. Change a rule's severity in `cxschema.config.yaml`:",
    '',
    '```yaml',
    'rules:',
    '  RECORD_SIZE_LIMIT: error   # error | warning | off',
    '```',
    '',
    "Offline (the default), limits are the platform's defaults with the config's `limits` overrides, and references",
    'resolve against the files and the system objects. With `--online` (implied by `--emulator` and `--env`), the',
    'org is read first (three requests: its schemas, limits and system objects): its limits apply, its system',
    'objects and schemas are valid reference targets, and PUBLISHED_REFERENCES_UNPUBLISHED sees their statuses.',
    '`plan` and `apply` always validate online.',
    '',
    '| id | default | what |',
    '| --- | --- | --- |',
    ...rules.map(
      (rule) => `| [${rule.id}](#${rule.id.toLowerCase()}) | ${rule.defaultSeverity} | ${rule.description} |`,
    ),
    '',
  ];
  for (const rule of rules) {
    out.push(`## ${rule.id}`, '', rule.description, '', `Default severity: **${rule.defaultSeverity}**.`, '');
    if (rule.details !== undefined) out.push(rule.details, '');
    const files = splitExample(rule.example);
    out.push(files.length > 1 ? 'Example that triggers it (two files):' : 'Example that triggers it:', '');
    for (const file of files) {
      if (file.name !== undefined) out.push(`\`${file.name}\`:`, '');
      out.push('```yaml', file.text.trimEnd(), '```', '');
    }
  }
  return out.join('\n');
}

export interface ExampleFile {
  /** The file name, when the example has several files (`# file: <name>` lines). */
  name?: string;
  text: string;
}

/** An example is one file, or several introduced by `# file: <name>` lines. */
export function splitExample(example: string): ExampleFile[] {
  const parts = example.split(/^# file: (.+)\n/m);
  if (parts.length === 1) return [{ text: example }];
  const files: ExampleFile[] = [];
  for (let i = 1; i < parts.length; i += 2) files.push({ name: parts[i]!.trim(), text: parts[i + 1] ?? '' });
  return files;
}
