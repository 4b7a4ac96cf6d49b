import { describe, expect, it } from 'vitest';
import { planTransition } from '../../src/plan/transitions.js';
import type { SchemaStatus } from '../../src/model/schema.js';

describe('planTransition', () => {
  it('creates as DRAFT version 1, then moves on to the desired status', () => {
    expect(planTransition(null, 'DRAFT', false)).toEqual({
      ok: true,
      kind: 'create',
      writes: [{ method: 'POST', version: 1, status: 'DRAFT' }],
    });
    expect(planTransition(null, 'PUBLISHED', false)).toEqual({
      ok: true,
      kind: 'create',
      writes: [
        { method: 'POST', version: 1, status: 'DRAFT' },
        { method: 'PUT', version: 2, status: 'PUBLISHED' },
      ],
    });
    expect(planTransition(null, 'DEPRECATED', false)).toMatchObject({
      kind: 'create',
      writes: [
        { version: 1, status: 'DRAFT' },
        { version: 2, status: 'PUBLISHED' },
        { version: 3, status: 'DEPRECATED' },
      ],
    });
  });

  const statusCases: Array<[SchemaStatus, SchemaStatus, string, SchemaStatus[]]> = [
    ['DRAFT', 'DRAFT', 'noop', []],
    ['DRAFT', 'PUBLISHED', 'publish', ['PUBLISHED']],
    ['DRAFT', 'DEPRECATED', 'deprecate', ['PUBLISHED', 'DEPRECATED']],
    ['PUBLISHED', 'PUBLISHED', 'noop', []],
    ['PUBLISHED', 'DEPRECATED', 'deprecate', ['DEPRECATED']],
    ['DEPRECATED', 'PUBLISHED', 'undeprecate', ['PUBLISHED']],
    ['DEPRECATED', 'DEPRECATED', 'noop', []],
  ];
  it.each(statusCases)('contents equal, %s -> %s is %s', (from, to, kind, path) => {
    const plan = planTransition({ version: 4, status: from }, to, false);
    expect(plan).toEqual({
      ok: true,
      kind,
      writes: path.map((status, i) => ({ method: 'PUT', version: 5 + i, status })),
    });
  });

  it('a change of contents is an update, one PUT at current + 1 with the desired status', () => {
    expect(planTransition({ version: 7, status: 'PUBLISHED' }, 'PUBLISHED', true)).toEqual({
      ok: true,
      kind: 'update',
      writes: [{ method: 'PUT', version: 8, status: 'PUBLISHED' }],
    });
    expect(planTransition({ version: 1, status: 'DRAFT' }, 'DRAFT', true)).toMatchObject({
      kind: 'update',
      writes: [{ version: 2, status: 'DRAFT' }],
    });
    expect(planTransition({ version: 1, status: 'DRAFT' }, 'DEPRECATED', true)).toMatchObject({
      kind: 'update',
      writes: [
        { version: 2, status: 'PUBLISHED' },
        { version: 3, status: 'DEPRECATED' },
      ],
    });
  });

  it('refuses to go back to DRAFT, saying why', () => {
    for (const from of ['PUBLISHED', 'DEPRECATED'] as const) {
      for (const changed of [false, true]) {
        const plan = planTransition({ version: 2, status: from }, 'DRAFT', changed);
        expect(plan.ok).toBe(false);
        expect(plan.ok ? '' : plan.reason).toContain(`holds it as ${from}`);
      }
    }
  });
});
