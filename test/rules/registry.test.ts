import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/load/config-loader.js';
import { loadSchemaText } from '../../src/load/schema-loader.js';
import type { SchemaDocument } from '../../src/model/document.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { VALIDATION_RULE_IDS } from '../../src/model/validation-rule-ids.js';
import { findRule, RULES } from '../../src/rules/index.js';
import { RULE_IDS_MODULE, renderRuleIdsModule } from '../../src/rules/rule-ids-module.js';
import { renderRulesDoc, splitExample } from '../../src/rules/rules-doc.js';
import { validateDocuments } from '../../src/rules/validate.js';
import { FIXTURES_ROOT, listFixtureCases, listFixtureRuleIds } from './fixture-expectations.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Validates an example as the CLI would: parse errors from loading, findings from the rules. */
function findingsOfExample(example: string): Diagnostic[] {
  const documents: SchemaDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  splitExample(example).forEach((file, index) => {
    const loaded = loadSchemaText(file.name ?? `example-${index}.schema.yaml`, file.text, 'yaml');
    diagnostics.push(...loaded.diagnostics);
    if (loaded.document) documents.push(loaded.document);
  });
  return [...diagnostics, ...validateDocuments(documents, { config: defaultConfig(ROOT) }).diagnostics];
}

describe('rule registry', () => {
  it('is what the config file format accepts severities for (npm run docs:rules regenerates the list)', () => {
    expect(readFileSync(path.join(ROOT, RULE_IDS_MODULE), 'utf8')).toBe(renderRuleIdsModule());
    expect([...VALIDATION_RULE_IDS]).toEqual(RULES.map((rule) => rule.id));
  });

  it('has unique SCREAMING_SNAKE_CASE ids', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/);
  });

  it('documents each rule with a one-line description and a default severity', () => {
    for (const rule of RULES) {
      expect(rule.description.length, rule.id).toBeGreaterThan(10);
      expect(rule.description, rule.id).not.toContain('\n');
      expect(['error', 'warning'], rule.id).toContain(rule.defaultSeverity);
    }
    expect(findRule('RECORD_SIZE_LIMIT')?.defaultSeverity).toBe('warning');
    expect(findRule('NO_SUCH_RULE')).toBeUndefined();
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s: its example triggers it', (id, rule) => {
    const findings = findingsOfExample(rule.example);
    expect(findings.map((finding) => finding.ruleId)).toContain(id);
  });

  it('has valid and invalid fixtures for every rule, and no fixtures for rules that do not exist', () => {
    for (const rule of RULES) {
      expect(listFixtureCases(rule.id, 'valid').length, `${rule.id} valid fixtures`).toBeGreaterThan(0);
      expect(listFixtureCases(rule.id, 'invalid').length, `${rule.id} invalid fixtures`).toBeGreaterThan(0);
    }
    expect(listFixtureRuleIds()).toEqual(RULES.map((rule) => rule.id).sort());
    expect(existsSync(FIXTURES_ROOT)).toBe(true);
  });

  it('docs/rules.md is up to date (npm run docs:rules regenerates it)', () => {
    const onDisk = readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8');
    expect(onDisk).toBe(renderRulesDoc());
    for (const rule of RULES) expect(onDisk).toContain(`## ${rule.id}`);
  });
});
