import { describe, expect, it } from 'vitest';
import { CxError } from '../../src/model/errors.js';
import { describeStaleEntries, findStaleEntries, parsePlan, serializePlan } from '../../src/plan/saved-plan.js';
import { remote } from '../support/schema-builders.js';
import { samplePlan } from './sample-plan.js';

describe('saved plan', () => {
  it('reads back exactly what it wrote', () => {
    const plan = samplePlan();
    expect(parsePlan(serializePlan(plan), 'plan.json')).toEqual(plan);
  });

  it.each([
    ['not json', '{', /not JSON/],
    ['another format version', JSON.stringify({ ...samplePlan(), formatVersion: 2 }), /formatVersion is 2/],
    [
      'a step of an unknown kind',
      JSON.stringify({ ...samplePlan(), steps: [{ ...samplePlan().steps[0], kind: 'delete' }] }),
      /steps\[0\]\.kind/,
    ],
    [
      'a write without a version',
      JSON.stringify({ ...samplePlan(), steps: [{ ...samplePlan().steps[0], writes: [{ method: 'PUT' }] }] }),
      /writes/,
    ],
    [
      'remote versions that are not numbers',
      JSON.stringify({ ...samplePlan(), remoteVersions: { a: 'x' } }),
      /remoteVersions\.a/,
    ],
    [
      'a step without its target state',
      JSON.stringify({ ...samplePlan(), steps: [{ ...samplePlan().steps[0], to: undefined }] }),
      /steps\[0\]\.to must be/,
    ],
    [
      'a step from an unknown status',
      JSON.stringify({ ...samplePlan(), steps: [{ ...samplePlan().steps[0], from: { version: 2, status: 'LIVE' } }] }),
      /steps\[0\]\.from/,
    ],
    [
      'a write to an unknown status',
      JSON.stringify({
        ...samplePlan(),
        steps: [{ ...samplePlan().steps[0], writes: [{ method: 'PUT', version: 2, status: 'BOGUS' }] }],
      }),
      /writes/,
    ],
    [
      'an unknown compatibility mode',
      JSON.stringify({
        ...samplePlan(),
        steps: [{ ...samplePlan().steps[0], compatibility: { mode: 'SOME', ignores: [] } }],
      }),
      /compatibility\.mode must be one of/,
    ],
    [
      'ignores that are not a list',
      JSON.stringify({
        ...samplePlan(),
        steps: [{ ...samplePlan().steps[0], compatibility: { mode: 'NONE', ignores: null } }],
      }),
      /ignores must be an array/,
    ],
    ['a summary without its write count', JSON.stringify({ ...samplePlan(), summary: {} }), /summary \(with writes\)/],
  ])('refuses %s, naming why', (_name, text, message) => {
    let caught: unknown;
    try {
      parsePlan(text, 'plan.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CxError);
    expect((caught as CxError).code).toBe('INPUT');
    expect((caught as CxError).message).toMatch(message);
    expect((caught as CxError).hint).toContain('plan --out');
  });

  it('finds the schemas whose version moved, appeared or went away since the plan', () => {
    const plan = samplePlan();
    const now = [
      remote('draft_thing', [], 1, 'DRAFT'),
      remote('invoice', [], 1),
      remote('old_thing', [], 1),
      remote('order', [], 4),
      remote('quiet', [], 1),
      remote('line', [], 1, 'DRAFT'),
      remote('newcomer', [], 1),
    ];
    const stale = findStaleEntries(plan, now);
    expect(stale).toEqual([
      { externalId: 'line', planned: null, current: 1 },
      { externalId: 'newcomer', planned: null, current: 1 },
      { externalId: 'order', planned: 3, current: 4 },
      { externalId: 'scratch', planned: 1, current: null },
    ]);
    expect(describeStaleEntries(stale)).toBe(
      [
        'line: created since (now version 1)',
        'newcomer: created since (now version 1)',
        'order: version 3 when planned, 4 now',
        'scratch: deleted since (was version 1)',
      ].join('\n'),
    );
  });

  it('ignores a schema that appeared since when the plan does not prune', () => {
    const plan = { ...samplePlan(), options: { prune: false }, remoteVersions: { order: 3 } };
    expect(findStaleEntries(plan, [remote('order', [], 3), remote('newcomer', [], 1)])).toEqual([]);
  });
});
