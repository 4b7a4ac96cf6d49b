import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPAT_RULE_IDS, COMPAT_RULES, ruleBreaksMode } from '../../src/compat/index.js';
import { COMPATIBILITY_MODES } from '../../src/model/schema.js';
import { parseCompatTable } from './compat-table.js';

const doc = readFileSync(new URL('../../docs/compatibility.md', import.meta.url), 'utf8');
const table = parseCompatTable(doc);

describe('the compatibility rule registry', () => {
  it('holds every rule id once, in catalog order, well-formed, each in its own kebab-case file', () => {
    expect(COMPAT_RULES.map((rule) => rule.id)).toEqual([...COMPAT_RULE_IDS]);
    for (const rule of COMPAT_RULES) {
      expect(rule.id).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(rule.description.length).toBeGreaterThan(10);
      expect(rule.breaks.length).toBeGreaterThan(0);
      const file = rule.id.toLowerCase().replaceAll('_', '-');
      expect(existsSync(new URL(`../../src/compat/rules/${file}.ts`, import.meta.url))).toBe(true);
    }
  });

  it('keeps the published catalog ids', () => {
    expect(COMPAT_RULE_IDS.slice(0, 16)).toEqual([
      'FIELD_TYPE_CHANGED',
      'REQUIRED_FIELD_REMOVED',
      'FIELD_REMOVED',
      'REQUIRED_TO_OPTIONAL',
      'OPTIONAL_TO_REQUIRED',
      'REQUIRED_FIELD_ADDED',
      'MAX_LENGTH_DECREASED',
      'MIN_LENGTH_INCREASED',
      'MAX_DECREASED',
      'MIN_INCREASED',
      'MAX_ITEMS_DECREASED',
      'PATTERN_CHANGED',
      'ENUM_VALUE_REMOVED',
      'ENUM_VALUE_ADDED',
      'REFERENCE_TARGET_CHANGED',
      'ITEMS_CHANGED',
    ]);
  });
});

describe('docs/compatibility.md', () => {
  it('has one column per mode', () => {
    expect(table.columns).toEqual([
      'rule',
      ...COMPATIBILITY_MODES.filter((m) => m !== 'NONE'),
      'NONE',
      'platform refuses',
    ]);
  });

  it('has exactly one row per rule, in registry order', () => {
    expect([...table.rows.keys()]).toEqual(COMPAT_RULES.map((rule) => rule.id));
  });

  it.each(COMPAT_RULES.map((rule) => [rule.id, rule] as const))('row %s matches the registry', (id, rule) => {
    const row = table.rows.get(id)!;
    for (const mode of COMPATIBILITY_MODES)
      expect([mode, row.modes.get(mode)]).toEqual([mode, ruleBreaksMode(id, mode)]);
    expect(row.platformRefuses).toBe(rule.platformRefuses === true);
    // Each rule is explained in the prose below the table.
    expect(doc).toContain(`**${id}**`);
  });
});
