import { describe, expect, it } from 'vitest';
import { assignWaves } from '../../src/plan/assign-waves.js';
import type { PlanStep, StepKind } from '../../src/plan/plan-types.js';
import type { SchemaStatus } from '../../src/model/schema.js';

function step(
  externalId: string,
  kind: StepKind,
  dependsOn: string[] = [],
  toStatus: SchemaStatus = 'PUBLISHED',
): Omit<PlanStep, 'wave'> {
  return {
    externalId,
    kind,
    managed: true,
    from: kind === 'create' ? null : { version: 1, status: 'PUBLISHED' },
    to: { version: 2, status: toStatus },
    content: { externalId, name: externalId, fields: [] },
    writes: kind === 'noop' ? [] : [{ method: 'PUT', version: 2, status: toStatus }],
    changes: [],
    dependsOn,
    compatibility: { mode: 'BACKWARD', ignores: [] },
  };
}

const waveOf = (steps: PlanStep[]): Record<string, number> =>
  Object.fromEntries(steps.map((s) => [s.externalId, s.wave]));

describe('assignWaves', () => {
  it('runs a referenced schema before the schemas that reference it', () => {
    const { steps, waves } = assignWaves([
      step('order', 'create', ['customer']),
      step('customer', 'create'),
      step('line', 'create', ['order', 'customer']),
    ]);
    expect(waveOf(steps)).toEqual({ customer: 0, order: 1, line: 2 });
    expect(waves).toBe(3);
    expect(steps.map((s) => s.externalId)).toEqual(['customer', 'order', 'line']);
  });

  it('does not wait on schemas that do not change', () => {
    const { steps, waves } = assignWaves([step('order', 'update', ['customer']), step('customer', 'noop')]);
    expect(waveOf(steps)).toEqual({ customer: 0, order: 0 });
    expect(waves).toBe(1);
  });

  it('deprecates last, after every other step, so that no later publish meets a deprecated reference', () => {
    const { steps, waves } = assignWaves([
      step('old', 'deprecate', [], 'DEPRECATED'),
      step('order', 'update', ['customer']),
      step('customer', 'update'),
    ]);
    expect(waveOf(steps)).toEqual({ customer: 0, order: 1, old: 2 });
    expect(waves).toBe(3);
  });

  it('blocks steps caught in a reference cycle', () => {
    const { steps } = assignWaves([step('a', 'create', ['b']), step('b', 'create', ['a']), step('c', 'create')]);
    const byId = Object.fromEntries(steps.map((s) => [s.externalId, s]));
    expect(byId['a']?.blocked).toMatch(/reference cycle/);
    expect(byId['b']?.blocked).toMatch(/reference cycle/);
    expect(byId['c']?.blocked).toBeUndefined();
    expect(byId['a']?.wave).toBe(1);
  });

  it('counts no waves when nothing writes', () => {
    expect(assignWaves([step('a', 'noop')]).waves).toBe(0);
  });
});
