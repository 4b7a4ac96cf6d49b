import { describe, expect, it } from 'vitest';
import { checkCompatibility, ignoreMatches, modeNeedsHistory, ruleBreaksMode } from '../../src/compat/index.js';
import type { SchemaField } from '../../src/model/schema.js';

const v1: SchemaField[] = [
  { name: 'title', fieldtype: 'string', required: true },
  { name: 'status', fieldtype: 'string', constraints: { enum: ['open', 'closed'] } },
  {
    name: 'address',
    fieldtype: 'object',
    constraints: { items: { fields: [{ name: 'street', fieldtype: 'string' }] } },
  },
];
const v2: SchemaField[] = [
  { name: 'title', fieldtype: 'string', required: true, constraints: { maxLength: 200 } },
  { name: 'status', fieldtype: 'string', constraints: { enum: ['open', 'closed'] } },
  {
    name: 'address',
    fieldtype: 'object',
    constraints: { items: { fields: [{ name: 'street', fieldtype: 'string' }] } },
  },
];
const next: SchemaField[] = [
  { name: 'title', fieldtype: 'string', required: true, constraints: { maxLength: 100 } },
  { name: 'status', fieldtype: 'string', constraints: { enum: ['open', 'closed', 'parked'] } },
  {
    name: 'address',
    fieldtype: 'object',
    constraints: { items: { fields: [{ name: 'street', fieldtype: 'string', constraints: { maxLength: 80 } }] } },
  },
];
const history = [
  { version: 1, fields: v1 },
  { version: 2, fields: v2 },
];

describe('checkCompatibility', () => {
  it('checks nothing in NONE mode or without history', () => {
    expect(checkCompatibility({ schema: 's', mode: 'NONE', history, next })).toEqual({ violations: [], ignored: [] });
    expect(checkCompatibility({ schema: 's', mode: 'FULL', history: [], next })).toEqual({
      violations: [],
      ignored: [],
    });
  });

  it('reports only the breaks of the mode, against the last version', () => {
    const backward = checkCompatibility({ schema: 's', mode: 'BACKWARD', history, next });
    expect(backward.violations.map((v) => [v.rule, v.field, v.before, v.after, v.againstVersion])).toEqual([
      ['MAX_LENGTH_DECREASED', 'address.street', 255, 80, 2],
      ['MAX_LENGTH_DECREASED', 'title', 200, 100, 2],
    ]);
    const forward = checkCompatibility({ schema: 's', mode: 'FORWARD', history, next });
    expect(forward.violations.map((v) => [v.rule, v.field])).toEqual([['ENUM_VALUE_ADDED', 'status']]);
    expect(checkCompatibility({ schema: 's', mode: 'FULL', history, next }).violations).toHaveLength(3);
  });

  it('compares with every version in a transitive mode, reporting a repeated break once against the latest', () => {
    const { violations } = checkCompatibility({ schema: 's', mode: 'BACKWARD_TRANSITIVE', history, next });
    expect(violations.map((v) => [v.rule, v.field, v.before, v.againstVersion])).toEqual([
      ['MAX_LENGTH_DECREASED', 'address.street', 255, 2],
      ['MAX_LENGTH_DECREASED', 'title', 200, 2],
      ['MAX_LENGTH_DECREASED', 'title', 255, 1],
    ]);
  });

  it('moves ignored breaks aside with their reason', () => {
    const verdict = checkCompatibility({
      schema: 's',
      mode: 'FULL',
      history,
      next,
      ignores: [
        { rule: 'ENUM_VALUE_ADDED', schema: 's', field: 'status', reason: 'consumers handle unknown statuses' },
        { rule: 'MAX_LENGTH_DECREASED', field: 'address', reason: 'no street is longer than 80' },
        { rule: 'MAX_LENGTH_DECREASED', schema: 'other', reason: 'not this schema' },
      ],
    });
    expect(verdict.violations.map((v) => v.field)).toEqual(['title']);
    expect(verdict.ignored.map((v) => [v.rule, v.field, v.reason])).toEqual([
      ['MAX_LENGTH_DECREASED', 'address.street', 'no street is longer than 80'],
      ['ENUM_VALUE_ADDED', 'status', 'consumers handle unknown statuses'],
    ]);
  });

  it('says the platform refuses a change only where the family says so, and the mode decides elsewhere', () => {
    const input = {
      schema: 's',
      mode: 'BACKWARD' as const,
      history: [{ version: 1, fields: [{ name: 'n', fieldtype: 'string' }] satisfies SchemaField[] }],
      next: [{ name: 'n', fieldtype: 'number' }] satisfies SchemaField[],
    };
    const free = checkCompatibility(input).violations;
    expect(free.map((v) => v.rule)).toEqual(['FIELD_TYPE_CHANGED']);
    expect(`${free[0]!.message} ${free[0]!.hint}`).not.toMatch(/platform|any mode/);
    expect(free[0]!.hint).toContain('compatibility.ignore');
    expect(checkCompatibility({ ...input, mode: 'NONE' }).violations).toEqual([]);

    const refused = checkCompatibility({
      ...input,
      mode: 'NONE',
      neverAllowed: { FIELD_TYPE_CHANGED: { instead: 'add a new field' } },
    }).violations;
    expect(refused.map((v) => v.hint)).toEqual(['the platform refuses this change in any mode: add a new field']);
  });

  it("names the code the target's platform answers a refused change and its advice, and no code where none is known", () => {
    const input = {
      schema: 's',
      mode: 'BACKWARD' as const,
      history: [{ version: 1, fields: [{ name: 'n', fieldtype: 'string', required: true }] satisfies SchemaField[] }],
      next: [],
    };
    const named = checkCompatibility({
      ...input,
      neverAllowed: { REQUIRED_FIELD_REMOVED: { code: 'dynamic.schema.field.removed', instead: 'keep the field' } },
    });
    expect(named.violations.map((v) => [v.rule, v.hint])).toEqual([
      [
        'REQUIRED_FIELD_REMOVED',
        'the platform refuses this change in any mode (400 dynamic.schema.field.removed): keep the field',
      ],
    ]);
    const unknown = checkCompatibility({
      ...input,
      neverAllowed: { REQUIRED_FIELD_REMOVED: { instead: 'keep the field' } },
    }).violations[0]!;
    expect(unknown.hint).toBe('the platform refuses this change in any mode: keep the field');
    // The reason names no platform's code: which one applies depends on the target.
    expect(unknown.message).not.toMatch(/customobjects|dynamic\.schema/);
  });
});

describe('ignoreMatches', () => {
  const change = { rule: 'FIELD_REMOVED' as const, schema: 'order', field: 'address.street', message: '' };
  it('matches a field, what is inside it, but not a field that only shares a prefix', () => {
    expect(ignoreMatches({ rule: 'FIELD_REMOVED', reason: 'r' }, change)).toBe(true);
    expect(ignoreMatches({ rule: 'FIELD_REMOVED', field: 'address', reason: 'r' }, change)).toBe(true);
    expect(ignoreMatches({ rule: 'FIELD_REMOVED', field: 'address.street', reason: 'r' }, change)).toBe(true);
    expect(ignoreMatches({ rule: 'FIELD_REMOVED', field: 'addr', reason: 'r' }, change)).toBe(false);
    expect(ignoreMatches({ rule: 'FIELD_REMOVED', field: 'tags', reason: 'r' }, { ...change, field: 'tags[]' })).toBe(
      true,
    );
    expect(ignoreMatches({ rule: 'FIELD_TYPE_CHANGED', reason: 'r' }, change)).toBe(false);
    expect(ignoreMatches({ rule: 'FIELD_REMOVED', schema: 'customer', reason: 'r' }, change)).toBe(false);
  });
});

describe('modes', () => {
  it('needs history only for transitive modes', () => {
    expect(['BACKWARD', 'FORWARD', 'FULL', 'NONE'].map((m) => modeNeedsHistory(m as 'NONE'))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(
      ['BACKWARD_TRANSITIVE', 'FORWARD_TRANSITIVE', 'FULL_TRANSITIVE'].map((m) => modeNeedsHistory(m as 'NONE')),
    ).toEqual([true, true, true]);
  });

  it('maps the examples of the catalog', () => {
    expect(ruleBreaksMode('MAX_LENGTH_DECREASED', 'BACKWARD')).toBe(true);
    expect(ruleBreaksMode('MAX_LENGTH_DECREASED', 'FORWARD')).toBe(false);
    expect(ruleBreaksMode('ENUM_VALUE_ADDED', 'FORWARD')).toBe(true);
    expect(ruleBreaksMode('ENUM_VALUE_ADDED', 'BACKWARD')).toBe(false);
    expect(ruleBreaksMode('FIELD_TYPE_CHANGED', 'BACKWARD')).toBe(true);
    expect(ruleBreaksMode('FIELD_TYPE_CHANGED', 'FORWARD')).toBe(true);
    expect(ruleBreaksMode('FIELD_TYPE_CHANGED', 'NONE')).toBe(false);
  });
});
