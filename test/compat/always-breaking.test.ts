import { describe, expect, it } from 'vitest';
import { checkCompatibility } from '../../src/compat/index.js';
import type { SchemaField } from '../../src/model/schema.js';

const before: SchemaField[] = [
  { name: 'title', fieldtype: 'string' },
  { name: 'notes', fieldtype: 'longText' },
];
const after: SchemaField[] = [{ name: 'title', fieldtype: 'string' }];
const history = [{ version: 3, fields: before }];
const neverAllowed = { FIELD_REMOVED: { code: 'field.removed', instead: 'keep the field' } };

describe('changes a family never allows', () => {
  it('break in every mode, NONE included', () => {
    for (const mode of ['NONE', 'FORWARD', 'BACKWARD', 'FULL_TRANSITIVE'] as const) {
      const verdict = checkCompatibility({
        schema: 's',
        mode,
        history,
        next: after,
        neverAllowed,
      });
      expect(verdict.violations.map((v) => [v.rule, v.field, v.againstVersion])).toEqual([
        ['FIELD_REMOVED', 'notes', 3],
      ]);
      expect(verdict.violations[0]!.hint).toBe(
        'the platform refuses this change in any mode (400 field.removed): keep the field',
      );
    }
  });

  it('are not accepted by a config ignore, which could not make the platform take them', () => {
    const verdict = checkCompatibility({
      schema: 's',
      mode: 'NONE',
      history,
      next: after,
      neverAllowed,
      ignores: [{ rule: 'FIELD_REMOVED', reason: 'no longer used' }],
    });
    expect(verdict.ignored).toEqual([]);
    expect(verdict.violations.map((v) => v.rule)).toEqual(['FIELD_REMOVED']);
  });

  it('leave the modes alone where the family has none', () => {
    expect(
      checkCompatibility({ schema: 's', mode: 'NONE', history, next: after, neverAllowed: {} }).violations,
    ).toEqual([]);
    expect(checkCompatibility({ schema: 's', mode: 'NONE', history, next: after }).violations).toEqual([]);
  });
});
