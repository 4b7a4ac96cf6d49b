import { describe, expect, it } from 'vitest';
import { renderApplySummary, renderPlan } from '../../src/cli/render-plan.js';
import { summarizeApply } from '../../src/apply/apply-summary.js';
import type { StepOutcome } from '../../src/apply/apply-events.js';
import { samplePlan } from '../plan/sample-plan.js';

describe('renderPlan', () => {
  const text = renderPlan(samplePlan(), { color: false });

  it('shows every step with its symbol, versions and file, wave by wave', () => {
    expect(text).toContain('Plan against customobjects at example.test');
    expect(text).toContain('Wave 1 of 3');
    expect(text).toContain(
      '  + create customer (new schema: v1 DRAFT, then v2 PUBLISHED) (schemas/customer.schema.yaml)',
    );
    expect(text).toContain('      + field email: email, required\n      + field owner: reference -> user\n');
    expect(text).toContain('  ~ update order v3 -> v4 (schemas/order.schema.yaml)');
    expect(text).toContain('  ^ publish draft_thing v1 -> v2 DRAFT -> PUBLISHED');
    expect(text).toContain(
      '  - deprecate old_thing v1 -> v2 PUBLISHED -> DEPRECATED (in no file: deprecated because of --prune)',
    );
    // Words a newcomer meets for the first time are explained where they appear.
    expect(text).toContain(
      'The steps run in 3 waves, one after another: a schema is written after those it references.',
    );
    expect(text.indexOf('Wave 2 of 3')).toBeLessThan(text.indexOf('create line'));
    expect(text).not.toContain('quiet');
  });

  it('gives the field-level diff of an update', () => {
    expect(text).toContain('      + field notes: longText');
    expect(text).toContain('      ~ field title.constraints.maxLength: 100 -> 200');
    expect(text).toContain('      - field legacy: string');
  });

  it('marks a breaking step with ! and lists each violation with rule, field and old -> new', () => {
    expect(text).toContain('  ! update invoice (schemas/invoice.schema.yaml)');
    expect(text).toContain('blocked: 1 compatibility violation under BACKWARD (FIELD_TYPE_CHANGED)');
    expect(text).toContain(
      '! FIELD_TYPE_CHANGED amount: "number" -> "string" (BACKWARD, against v1): the type of field amount changed',
    );
    expect(text).toContain('      hint: keep the field as it is and add a new one instead');
    expect(text).toContain(
      'ignored FIELD_REMOVED legacy (BACKWARD, against v3): field legacy was removed (reason: nobody reads it)',
    );
  });

  it('lists unmanaged schemas and ends with the counts', () => {
    expect(text).toContain('old_thing v1 PUBLISHED: deprecated by --prune');
    expect(text).toContain('scratch v1 DRAFT: kept: a draft can only be deprecated after being published');
    expect(text).toContain('Plan: 2 to create, 1 to update, 1 to publish, 1 to deprecate, 1 unchanged. 1 blocked.');
  });

  it('says so when there is nothing to do, and paints only when asked', () => {
    const plan = samplePlan();
    const quiet = { ...plan, steps: plan.steps.filter((s) => s.kind === 'noop'), unmanaged: [] };
    expect(renderPlan(quiet, { color: false })).toContain('No changes.');
    expect(renderPlan(plan, { color: false })).not.toContain('\u001b[');
    expect(renderPlan(plan, { color: true })).toContain('\u001b[32m+ create\u001b[39m');
  });
});

describe('renderApplySummary', () => {
  it('counts outcomes by kind, lists failures with their reason, and gives request figures', () => {
    const base = { wave: 0, managed: true, writes: 1, rebased: false, alreadyDone: false, durationMs: 5 };
    const outcomes: StepOutcome[] = [
      { ...base, externalId: 'a', kind: 'create', result: 'done', writes: 2 },
      { ...base, externalId: 'b', kind: 'update', result: 'failed', reason: 'PUT refused (400)' },
      { ...base, externalId: 'c', kind: 'create', result: 'skipped', writes: 0, reason: 'depends on b, which failed' },
      { ...base, externalId: 'd', kind: 'noop', result: 'done', writes: 0 },
    ];
    const text = renderApplySummary(
      { outcomes, summary: summarizeApply(outcomes), durationMs: 2500, eventErrors: [] },
      ['requests: 12 in 2.5 s: 3 retried (rate-limit 2, server-error 1), 0 read back, 0 failed'],
      { color: false },
    );
    expect(text).toContain('failed  b: PUT refused (400)');
    expect(text).toContain('skipped c: depends on b, which failed');
    expect(text).toContain(
      'Apply finished with failures. 1 created, 0 updated, 0 published, 0 deprecated, 1 unchanged, 1 failed, 1 skipped.',
    );
    // One summary: the request lines follow apply's line, and no other duration is given.
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'requests: 12 in 2.5 s: 3 retried (rate-limit 2, server-error 1), 0 read back, 0 failed',
    );
    expect(text.match(/ s\b/g)).toHaveLength(1);
  });

  it('tells a step found done after a lost answer from one done by someone else: neither is claimed', () => {
    const base = { wave: 0, managed: true, writes: 0, rebased: false, alreadyDone: true, durationMs: 5 };
    const outcomes: StepOutcome[] = [
      { ...base, externalId: 'a', kind: 'create', result: 'done' },
      { ...base, externalId: 'b', kind: 'create', result: 'done', foundByReadBack: true },
      { ...base, externalId: 'c', kind: 'update', result: 'done', foundByReadBack: true },
    ];
    const summary = summarizeApply(outcomes);
    expect(summary).toMatchObject({ alreadyDone: 3, foundByReadBack: 2, created: 0, updated: 0 });
    expect(renderApplySummary({ outcomes, summary, durationMs: 1, eventErrors: [] }, [], { color: false })).toContain(
      '0 unchanged, 1 found already done by someone else, 2 found done after a lost answer, by this run or another, 0 failed',
    );
  });

  it('after a plan with nothing to run, adds only the request lines to its "No changes"', () => {
    const outcomes: StepOutcome[] = [
      {
        wave: 0,
        managed: true,
        writes: 0,
        rebased: false,
        alreadyDone: false,
        durationMs: 0,
        externalId: 'a',
        kind: 'noop',
        result: 'done',
      },
    ];
    const text = renderApplySummary(
      { outcomes, summary: summarizeApply(outcomes), durationMs: 0, eventErrors: [] },
      ['requests: 3 in 0.4 s: 0 retried, 0 read back, 0 failed'],
      { color: false },
    );
    expect(text).toBe('requests: 3 in 0.4 s: 0 retried, 0 read back, 0 failed\n');
  });
});
