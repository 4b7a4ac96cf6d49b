import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SchemaField } from '../../src/model/schema.js';
import { diffOrgs } from '../../src/org/org-diff.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';

let test: TestOrg;
let prod: TestOrg;

const text = (name: string, maxLength: number, extra: Partial<SchemaField> = {}): SchemaField => ({
  name,
  fieldtype: 'string',
  constraints: { maxLength },
  ...extra,
});

async function put(
  org: TestOrg,
  externalId: string,
  fields: SchemaField[],
  status: 'DRAFT' | 'PUBLISHED' = 'PUBLISHED',
): Promise<void> {
  await org.target.create({ externalId, name: externalId, fields, version: 1, status: 'DRAFT' });
  if (status === 'PUBLISHED')
    await org.target.update({ externalId, name: externalId, fields, version: 2, status: 'PUBLISHED' });
}

beforeEach(async () => {
  test = await startOrg();
  prod = await startOrg();
  await put(test, 'same', [text('a', 10)]);
  await put(prod, 'same', [text('a', 10)]);
  await put(test, 'wider', [text('a', 20)]);
  await put(prod, 'wider', [text('a', 10)]);
  await put(test, 'narrower', [text('a', 5)]);
  await put(prod, 'narrower', [text('a', 10)]);
  await put(test, 'fresh', [text('a', 10)]);
  await put(prod, 'retired', [text('a', 10)]);
  await put(test, 'drafted', [text('a', 10)], 'DRAFT');
  await put(prod, 'drafted', [text('a', 10)], 'DRAFT');
});

afterEach(async () => {
  await Promise.all([test.stop(), prod.stop()]);
});

const compare = (mode: 'BACKWARD' | 'FORWARD' | 'BACKWARD_TRANSITIVE' = 'BACKWARD'): ReturnType<typeof diffOrgs> =>
  diffOrgs({
    source: { name: 'test', target: test.target, orgDomain: 'test.example' },
    target: { name: 'prod', target: prod.target, orgDomain: 'prod.example' },
    compatibility: { mode, ignore: [] },
    createdAt: '2026-01-01T00:00:00.000Z',
  });

describe('diffOrgs', () => {
  it('shows what promoting one org to the other does, schema by schema, with verdicts under the target mode', async () => {
    const diff = await compare();
    expect(diff.differ).toBe(true);
    expect(diff.mode).toBe('BACKWARD');
    expect(diff.source).toEqual({ name: 'test', kind: 'customobjects', orgDomain: 'test.example', schemas: 5 });
    expect(diff.target).toMatchObject({ name: 'prod', schemas: 5 });
    const byId = new Map(diff.plan.steps.map((step) => [step.externalId, step]));
    expect(byId.get('same')?.kind).toBe('noop');
    expect(byId.get('drafted')?.kind).toBe('noop');
    expect(byId.get('fresh')?.kind).toBe('create');
    expect(byId.get('wider')).toMatchObject({
      kind: 'update',
      changes: [{ path: 'a', property: 'constraints.maxLength', before: 10, after: 20 }],
    });
    expect(byId.get('wider')?.blocked).toBeUndefined();
    expect(byId.get('narrower')?.blocked).toContain('MAX_LENGTH_DECREASED');
    expect(diff.plan.unmanaged.map((entry) => entry.externalId)).toEqual(['retired']);
    expect(diff.verdicts['wider']).toEqual([expect.objectContaining({ rule: 'MAX_LENGTH_INCREASED', breaks: false })]);
    expect(diff.verdicts['narrower']).toEqual([
      expect.objectContaining({ rule: 'MAX_LENGTH_DECREASED', breaks: true }),
    ]);
  });

  it("judges under the target's mode: FORWARD blocks the wider field instead", async () => {
    const diff = await compare('FORWARD');
    const byId = new Map(diff.plan.steps.map((step) => [step.externalId, step]));
    expect(byId.get('wider')?.blocked).toContain('MAX_LENGTH_INCREASED');
    expect(byId.get('narrower')?.blocked).toBeUndefined();
  });

  it('names the ignore that accepts a break, as the plan does not block that step', async () => {
    const diff = await diffOrgs({
      source: { name: 'test', target: test.target, orgDomain: 'test.example' },
      target: { name: 'prod', target: prod.target, orgDomain: 'prod.example' },
      compatibility: {
        mode: 'BACKWARD',
        ignore: [{ rule: 'MAX_LENGTH_DECREASED', schema: 'narrower', reason: 'no value is longer than 5' }],
      },
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    const narrower = diff.plan.steps.find((step) => step.externalId === 'narrower');
    expect(narrower?.blocked).toBeUndefined();
    expect(diff.verdicts['narrower']).toEqual([
      expect.objectContaining({
        rule: 'MAX_LENGTH_DECREASED',
        breaks: true,
        acceptedBecause: 'no value is longer than 5',
      }),
    ]);
    // A change that does not break the mode needs no ignore, and says none.
    expect(diff.verdicts['wider']?.[0]).not.toHaveProperty('acceptedBecause');
  });

  it('finds no difference between two orgs that hold the same', async () => {
    const diff = await diffOrgs({
      source: { name: 'a', target: test.target, orgDomain: 'x' },
      target: { name: 'b', target: test.target, orgDomain: 'x' },
      compatibility: { mode: 'BACKWARD', ignore: [] },
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(diff.differ).toBe(false);
    expect(diff.plan.summary.changes).toBe(0);
  });

  it('reads each org once: the list pages, limits and system objects; versions only for a transitive mode', async () => {
    test.emulator.resetCounters();
    prod.emulator.resetCounters();
    await compare();
    expect(test.emulator.counters().byRoute).toEqual({ 'GET /api/v2/customobjects/schemas': { 200: 1 } });
    expect(Object.keys(prod.emulator.counters().byRoute).sort()).toEqual(
      [
        'GET /api/v2/customobjects/limits',
        'GET /api/v2/customobjects/schemas',
        'GET /api/v2/customobjects/systemobjects',
      ].sort(),
    );
    prod.emulator.resetCounters();
    await compare('BACKWARD_TRANSITIVE');
    // The two schemas whose contents differ.
    expect(prod.emulator.counters().byRoute['GET /api/v2/customobjects/schemas/{externalId}/versions']).toEqual({
      200: 2,
    });
  });
});
