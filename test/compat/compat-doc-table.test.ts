import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPAT_RULE_IDS, COMPAT_RULES, ruleBreaksMode } from '../../src/compat/index.js';
import { FAMILIES } from '../../src/family/index.js';
import { COMPATIBILITY_MODES } from '../../src/model/schema.js';
import { BOUND_CHANGE_RULE_IDS } from '../../src/compat/rules/bound-changes.js';
import { parseCompatTable } from './compat-table.js';

const doc = readFileSync(new URL('../../docs/compatibility.md', import.meta.url), 'utf8');
const table = parseCompatTable(doc);

describe('the compatibility rule registry', () => {
  it('holds every rule id once, well-formed, described, breaking at least one direction', () => {
    expect(new Set(COMPAT_RULE_IDS).size).toBe(COMPAT_RULES.length);
    for (const rule of COMPAT_RULES) {
      expect(rule.id).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(rule.description.length).toBeGreaterThan(10);
      expect(rule.breaks.length).toBeGreaterThan(0);
    }
  });

  it('registers every line of the bound table, and each other rule in a kebab-case file of its own', () => {
    const registered: readonly string[] = COMPAT_RULE_IDS;
    for (const id of BOUND_CHANGE_RULE_IDS) expect(registered).toContain(id);
    for (const id of registered.filter((id) => !(BOUND_CHANGE_RULE_IDS as readonly string[]).includes(id))) {
      const file = id.toLowerCase().replaceAll('_', '-');
      expect([id, existsSync(new URL(`../../src/compat/rules/${file}.ts`, import.meta.url))]).toEqual([id, true]);
    }
  });
});

describe('docs/compatibility.md', () => {
  it('has one column per mode', () => {
    expect(table.columns).toEqual([
      'rule',
      ...COMPATIBILITY_MODES.filter((m) => m !== 'NONE'),
      'NONE',
      'never allowed on',
    ]);
  });

  it('has exactly one row per rule, in registry order', () => {
    expect([...table.rows.keys()]).toEqual(COMPAT_RULES.map((rule) => rule.id));
  });

  it.each(COMPAT_RULES.map((rule) => [rule.id] as const))('row %s matches the registry and the families', (id) => {
    const row = table.rows.get(id)!;
    for (const mode of COMPATIBILITY_MODES)
      expect([mode, row.modes.get(mode)]).toEqual([mode, ruleBreaksMode(id, mode)]);
    // Which families refuse it whatever the mode is the families' fact, not the rule's.
    expect(row.neverAllowedOn).toEqual(
      FAMILIES.filter((family) => family.neverAllowed[id] !== undefined).map((family) => family.name),
    );
    // Each rule is explained in the prose below the table.
    expect(doc).toContain(`**${id}**`);
  });
});
