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

  it('are refused only against the current version, which is all the platform compares with', () => {
    // A required field made optional in v2 and removed now, as the custom objects hint advises: v1 still had it
    // required, but the platform compares the write with v2 alone, so against v1 only the mode can object.
    const required: SchemaField[] = [
      { name: 'title', fieldtype: 'string' },
      { name: 'code', fieldtype: 'string', required: true },
    ];
    const optional: SchemaField[] = [
      { name: 'title', fieldtype: 'string' },
      { name: 'code', fieldtype: 'string' },
    ];
    const input = {
      schema: 's',
      history: [
        { version: 1, fields: required },
        { version: 2, fields: optional },
      ],
      next: after,
      neverAllowed: { REQUIRED_FIELD_REMOVED: { code: 'incompatible', instead: 'make it optional first' } },
    };
    const transitive = checkCompatibility({ ...input, mode: 'BACKWARD_TRANSITIVE' });
    expect(transitive.violations.map((v) => [v.rule, v.againstVersion])).toEqual([
      ['FIELD_REMOVED', 2],
      ['REQUIRED_FIELD_REMOVED', 1],
    ]);
    for (const violation of transitive.violations) expect(violation.hint).not.toMatch(/platform|any mode/);
    const accepted = checkCompatibility({
      ...input,
      mode: 'BACKWARD_TRANSITIVE',
      ignores: [
        { rule: 'FIELD_REMOVED', reason: 'no longer used' },
        { rule: 'REQUIRED_FIELD_REMOVED', reason: 'optional since v2' },
      ],
    });
    expect(accepted.violations).toEqual([]);
    expect(accepted.ignored.map((v) => [v.rule, v.againstVersion])).toEqual([
      ['FIELD_REMOVED', 2],
      ['REQUIRED_FIELD_REMOVED', 1],
    ]);
    // FORWARD holds against v2 (an optional field went); against v1 the removal breaks it, as the mode's own break.
    expect(checkCompatibility({ ...input, mode: 'FORWARD_TRANSITIVE' }).violations.map((v) => v.rule)).toEqual([
      'REQUIRED_FIELD_REMOVED',
    ]);
  });
});
