/**
 * Every cell of docs/compatibility.md's table, from the fixture pair of each rule: the pair yields exactly the
 * expected change, and each mode reports it as a violation exactly when the table says the rule breaks it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCompatibility, COMPAT_RULES, detectCompatChanges } from '../../src/compat/index.js';
import { COMPATIBILITY_MODES } from '../../src/model/schema.js';
import { fixtureExists, loadFixture } from './compat-fixtures.js';
import { parseCompatTable } from './compat-table.js';

const table = parseCompatTable(readFileSync(new URL('../../docs/compatibility.md', import.meta.url), 'utf8'));

describe.each(COMPAT_RULES.map((rule) => rule.id))('%s', (ruleId) => {
  it('has a fixture pair whose only change is this rule', () => {
    expect(fixtureExists(ruleId)).toBe(true);
    const fixture = loadFixture(ruleId);
    const changes = detectCompatChanges('sample', fixture.old.fields, fixture.next.fields);
    expect(changes.map(({ message: _message, schema: _schema, ...rest }) => rest)).toEqual(fixture.expected);
  });

  const row = table.rows.get(ruleId);
  it('has a row in the doc table', () => {
    expect(row).toBeDefined();
  });

  it.each(COMPATIBILITY_MODES.map((mode) => [mode] as const))('%s cell', (mode) => {
    const breaks = row?.modes.get(mode);
    expect(breaks).toBeTypeOf('boolean');
    const { old, next } = loadFixture(ruleId);
    const hasViolation = (history: Array<{ version: number; fields: typeof old.fields }>): boolean =>
      checkCompatibility({ schema: 'sample', mode, history, next: next.fields }).violations.some(
        (v) => v.rule === ruleId,
      );

    // Against the current version.
    expect(hasViolation([{ version: 1, fields: old.fields }])).toBe(breaks);
    // Against an older version only: the current one already equals the next, so only a transitive mode sees
    // the change.
    const transitive = mode.endsWith('_TRANSITIVE');
    expect(
      hasViolation([
        { version: 1, fields: old.fields },
        { version: 2, fields: next.fields },
      ]),
    ).toBe(breaks === true && transitive);
  });
});

describe('violations', () => {
  it('carry mode, the version compared with, and a hint', () => {
    const { old, next } = loadFixture('MAX_LENGTH_DECREASED');
    const { violations } = checkCompatibility({
      schema: 'sample',
      mode: 'FULL_TRANSITIVE',
      history: [
        { version: 3, fields: old.fields },
        { version: 4, fields: next.fields },
      ],
      next: next.fields,
    });
    expect(violations).toEqual([
      expect.objectContaining({
        rule: 'MAX_LENGTH_DECREASED',
        schema: 'sample',
        field: 'title',
        before: 255,
        after: 100,
        mode: 'FULL_TRANSITIVE',
        againstVersion: 3,
      }),
    ]);
    expect(violations[0]?.hint).toContain('compatibility.ignore');
  });
});
